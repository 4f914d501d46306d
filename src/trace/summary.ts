/**
 * The trace's summary strip: how long the run has taken, how much of it went to the model, to tools and to waiting
 * for a person, its tokens and its cost. Cost only when the backend reported one: never a price made up here. Pure.
 */
import { busyKind, type TraceFold } from './fold';
import type { Span } from './types';

export interface TraceSummary {
  /** From the first event to the run's end, or to `now` while it goes on. */
  durationMs: number;
  modelMs: number;
  toolMs: number;
  waitMs: number;
  tokens?: { input: number; output: number; cacheRead?: number };
  cost?: { amount: number; currency: string };
  toolCalls: number;
  failedTools: number;
  errors: number;
  /** The innermost open step or turn's name, while the run goes on. */
  running?: string;
}

export function summarize(fold: TraceFold, now: number): TraceSummary {
  const run = fold.run;
  const end = run.state === 'open' ? Math.max(now, fold.last) : run.end;
  const busy = { model: fold.busy.model.total, tool: fold.busy.tool.total, wait: fold.busy.wait.total };
  for (const id of fold.openBusy) {
    const span = fold.spans[id] as Span;
    const kind = busyKind(span.kind);
    if (kind && span.start < end) busy[kind] += end - span.start;
  }
  let toolCalls = 0;
  let failedTools = 0;
  let errors = 0;
  let running: Span | undefined;
  for (const span of fold.spans) {
    errors += span.errors;
    if (span.kind === 'tool') {
      toolCalls++;
      if (span.state === 'error') failedTools++;
    }
    if ((span.kind === 'step' || span.kind === 'turn') && span.state === 'open') running = span;
  }
  const summary: TraceSummary = {
    durationMs: Number.isNaN(run.start) || Number.isNaN(end) ? 0 : Math.max(0, end - run.start),
    modelMs: busy.model,
    toolMs: busy.tool,
    waitMs: busy.wait,
    toolCalls,
    failedTools,
    errors,
  };
  const { modelTokens, usage } = fold;
  if (usage?.tokens) summary.tokens = { ...usage.tokens };
  else if (modelTokens.input || modelTokens.output) summary.tokens = { ...modelTokens };
  if (summary.tokens && modelTokens.cacheRead) summary.tokens.cacheRead = modelTokens.cacheRead;
  if (usage?.cost) summary.cost = usage.cost;
  if (running && run.state === 'open') summary.running = running.name;
  return summary;
}
