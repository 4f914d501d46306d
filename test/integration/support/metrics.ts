// Figures measured inside the extension host travel back to the launcher with the test results
// (the launcher prints them as `metric name: value` lines; benchmarks read them from there).
const metrics: Record<string, number> = {};

export function recordMetric(name: string, value: number): void {
  metrics[name] = value;
}

export function recordedMetrics(): Record<string, number> {
  return { ...metrics };
}
