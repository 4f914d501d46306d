// Request counters, so tests can measure how often a client calls (e.g. "requests per minute" while polling).
// Admin calls (/_sandbox/...) are not counted: measuring must not disturb the measurement.
/** Paths carry run ids, so a long soak would grow the map forever; past this many, the rest share one key. */
const MAX_PATHS = 5000;
const OTHER_PATHS = '(other paths)';

export class Stats {
  requests = 0;
  byPath: Record<string, number> = {};
  private pathCount = 0;

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
    this.pathCount = 0;
  }
}
