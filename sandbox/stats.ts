// Request counters, so tests can measure how often a client calls (e.g. "requests per minute" while polling).
// Admin calls (/_sandbox/...) are not counted: measuring must not disturb the measurement.
export class Stats {
  requests = 0;
  byPath: Record<string, number> = {};

  count(path: string): void {
    this.requests++;
    this.byPath[path] = (this.byPath[path] ?? 0) + 1;
  }

  reset(): void {
    this.requests = 0;
    this.byPath = {};
  }
}
