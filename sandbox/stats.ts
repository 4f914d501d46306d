// Request counters, so tests can measure how often a client calls (e.g. "requests per minute" while polling).
// Admin calls (/_sandbox/...) are not counted: measuring must not disturb the measurement.
/** Paths carry run ids, so a long soak would grow the map forever; past this many, the rest share one key. */
const MAX_PATHS = 5000;
const OTHER_PATHS = '(other paths)';

export class Stats {
  requests = 0;
  byPath: Record<string, number> = {};
  /** Requests by the key they carried: `key1` (the sandbox's own), `key2`… (added later), or `rejected`. */
  byKey: Record<string, number> = {};
  private pathCount = 0;

  countKey(label: string): void {
    this.byKey[label] = (this.byKey[label] ?? 0) + 1;
  }

  count(path: string): void {
    this.requests++;
    let key = path;
    if (this.byPath[key] === undefined) {
      if (this.pathCount >= MAX_PATHS) key = OTHER_PATHS;
      else this.pathCount++;
    }
    this.byPath[key] = (this.byPath[key] ?? 0) + 1;
  }

  reset(): void {
    this.requests = 0;
    this.byPath = {};
    this.byKey = {};
    this.pathCount = 0;
  }
}
