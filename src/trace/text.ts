/**
 * The trace in words: durations, token counts, a span's one-line detail and the summary line. Shared by the
 * webview's trace view and the Markdown copy. Pure (no `vscode`, no DOM).
 */
import { moneyText } from '../util/money';
import { durationText, oneLine } from '../util/text';
import { countText } from '../util/usage';
import type { TraceSummary } from './summary';
import type { Span, SpanState, TraceTokens } from './types';

/** A span's state in a word: an open one is "running". */
export function stateWord(state: SpanState): string {
  return state === 'open' ? 'running' : state;
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
