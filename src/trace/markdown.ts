/**
 * Copy as Markdown: the trace as text a person pastes into an issue or a chat — a heading, the summary line, then
 * the steps as a nested list with their durations, tool calls as `name(input) → ok · 1.2 s: result`, errors, and
 * messages shortened. Past about 1 MB it stops, with a note. Pure.
 */
import type { TraceFold } from './fold';
import type { TraceSummary } from './summary';
import { spanDurationMs, stateWord, summaryParts, tokensText } from './text';
import type { Span } from './types';
import { durationText, oneLine } from '../util/text';

/** Where the copy stops (characters); the protocol allows twice this. */
export const MARKDOWN_MAX = 1_000_000;
const MESSAGE_MAX = 300;
const INPUT_MAX = 200;
const RESULT_MAX = 200;

export function traceMarkdown(
  fold: TraceFold,
  summary: TraceSummary,
  title: string,
  now = Date.now(),
): string {
  const lines: string[] = [`# ${inline(title, 200) || 'Run'}`, '', summaryParts(summary).join(' · '), ''];
  let size = lines.reduce((n, line) => n + line.length + 1, 0);
  const run = fold.run;
  const stack: { id: number; depth: number }[] = [];
  for (let i = run.children.length - 1; i >= 0; i--) stack.push({ id: run.children[i] as number, depth: 0 });
  let cut = false;
  while (stack.length > 0) {
    const { id, depth } = stack.pop() as { id: number; depth: number };
    const span = fold.spans[id] as Span;
    const line = `${'  '.repeat(depth)}- ${spanLine(span, now)}`;
    if (size + line.length + 1 > MARKDOWN_MAX) {
      cut = true;
      break;
    }
    lines.push(line);
    size += line.length + 1;
    for (let i = span.children.length - 1; i >= 0; i--)
      stack.push({ id: span.children[i] as number, depth: depth + 1 });
  }
  if (run.result) lines.push('', `Run: ${inline(run.result, RESULT_MAX)}`);
  if (cut) lines.push('', '_The trace is longer than 1 MB: the rest of it is cut here._');
  return `${lines.join('\n')}\n`;
}

function spanLine(span: Span, now: number): string {
  const ms = spanDurationMs(span, now);
  const took = ms === undefined ? '' : ` · ${durationText(ms)}`;
  const errors = span.errors > 0 ? ` · ${span.errors} error${span.errors === 1 ? '' : 's'}` : '';
  switch (span.kind) {
    case 'tool': {
      const result = span.state === 'open' ? '' : span.result ? `: ${inline(span.result, RESULT_MAX)}` : '';
      return `${inline(span.name, 80)}(${inline(span.detail, INPUT_MAX)}) → ${stateWord(span.state)}${took}${result}${errors}`;
    }
    case 'message':
      return `message${took}: ${quote(span.text)}${errors}`;
    case 'model':
      return `${inline(span.name, 80)} → ${stateWord(span.state)}${took}${span.tokens ? ` · ${tokensText(span.tokens)}` : ''}${errors}`;
    case 'wait':
      return `⏸ ${inline(span.name, 80)}${took}${span.detail ? `: ${inline(span.detail, INPUT_MAX)}` : ''}`;
    case 'lane':
      return `**sub-agent: ${inline(span.name, 80)}**${took}${errors}`;
    default: {
      const state = span.state === 'ok' ? '' : ` (${stateWord(span.state)})`;
      const result = span.result ? `: ${inline(span.result, RESULT_MAX)}` : '';
      return `**${inline(span.name, 120)}**${state}${took}${errors}${result}`;
    }
  }
}

/** One line, shortened, with the characters that would change Markdown's meaning made literal. */
function inline(text: string, max: number): string {
  return oneLine(text, max).replace(/[`*_[\]<>|\\]/g, (c) => `\\${c}`);
}

function quote(text: string): string {
  const short = inline(text, MESSAGE_MAX);
  return short ? `“${short}”` : '(empty)';
}
