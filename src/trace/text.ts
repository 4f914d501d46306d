/**
 * The trace in words: durations, token counts, a span's one-line detail and the summary line. Shared by the
 * webview's trace view and the Markdown copy. Pure (no `vscode`, no DOM).
 */
import { moneyText } from '../util/money';
import { oneLine } from '../util/text';
import type { TraceSummary } from './summary';
import type { Span, TraceTokens } from './types';

/** "340 ms", "1.2 s", "42 s", "2 min 5 s", "1 h 7 min". */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}

/** 950, 1.2k, 12k, 3.4M. */
export function countText(n: number): string {
  if (n < 1_000) return String(n);
  if (n < 1_000_000) return `${(n / 1_000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function tokensText(tokens: TraceTokens): string {
  const cache = tokens.cacheRead ? ` · ${countText(tokens.cacheRead)} cache` : '';
  return `${countText(tokens.input)} in · ${countText(tokens.output)} out${cache}`;
}

/** How long a span took, or has taken until `now` while open; undefined before it has a time. */
export function spanDurationMs(span: Span, now: number): number | undefined {
  if (Number.isNaN(span.start)) return undefined;
  const end = span.state === 'open' ? Math.max(now, span.start) : span.end;
  return Number.isNaN(end) ? undefined : Math.max(0, end - span.start);
}

const DETAIL_MAX = 200;

/** What a span's row says after its name: a tool's input → result, a message's latest text, a model's tokens. */
export function spanDetail(span: Span): string {
  switch (span.kind) {
    case 'tool': {
      const input = oneLine(span.detail, DETAIL_MAX / 2);
      if (span.state === 'open') return input;
      const result = oneLine(span.result, DETAIL_MAX / 2);
      return result ? `${input} → ${result}` : input;
    }
    case 'message':
      return tail(span.text, DETAIL_MAX);
    case 'model':
      return span.tokens ? tokensText(span.tokens) : '';
    default:
      return oneLine(span.result || span.detail, DETAIL_MAX);
  }
}

/** The end of a text on one line (what is being written is at its end). */
export function tail(text: string, max: number): string {
  const folded = oneLine(text.length > max * 4 ? text.slice(-max * 4) : text, Number.MAX_SAFE_INTEGER);
  return folded.length > max ? `…${folded.slice(-(max - 1))}` : folded;
}

/** The summary strip's parts, in order ("12 s", "model 4.0 s", …); `running` last while live. */
export function summaryParts(summary: TraceSummary): string[] {
  const parts = [
    durationText(summary.durationMs),
    `model ${durationText(summary.modelMs)}`,
    `tools ${durationText(summary.toolMs)}`,
    `waiting ${durationText(summary.waitMs)}`,
  ];
  if (summary.tokens) parts.push(tokensText(summary.tokens));
  if (summary.cost) parts.push(moneyText(summary.cost));
  const failed = summary.failedTools ? ` (${summary.failedTools} failed)` : '';
  parts.push(`${summary.toolCalls} tool call${summary.toolCalls === 1 ? '' : 's'}${failed}`);
  parts.push(`${summary.errors} error${summary.errors === 1 ? '' : 's'}`);
  if (summary.running) parts.push(`running: ${oneLine(summary.running, 80)}`);
  return parts;
}
