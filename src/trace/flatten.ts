/**
 * The trace as the rows a tree shows: the run's children at the top (a sub-agent's lane is one of them), each open
 * container's children under it, an expanded tool or message followed by one row with its whole input, result or
 * text. A search keeps the spans that match and their ancestors (all of them open). Pure: the webview runs it, the
 * unit tests read it.
 */
import type { Span } from './types';

export interface TraceRow {
  span: Span;
  /** 1 for the top level. */
  level: number;
  /** It has children or something to show when expanded. */
  expandable: boolean;
  expanded: boolean;
  /** The row under an expanded span that shows its detail, result or text whole (not a span of its own). */
  detail: boolean;
}

/** Containers start open; tools, messages and the rest start closed. */
export function openByDefault(span: Span): boolean {
  return span.kind === 'run' || span.kind === 'lane' || span.kind === 'step' || span.kind === 'turn';
}

/** A leaf has something more to show than its row: a tool's input or result, a message's text, a step's output. */
export function hasMore(span: Span): boolean {
  return span.detail !== '' || span.result !== '' || span.text !== '';
}

export function isExpandable(span: Span): boolean {
  return span.children.length > 0 || hasMore(span);
}

/** Whether the search text (lowercase) is in the span's name, detail, result or text. */
export function spanMatches(span: Span, needle: string): boolean {
  if (!needle) return true;
  return (
    span.name.toLowerCase().includes(needle) ||
    span.detail.toLowerCase().includes(needle) ||
    span.result.toLowerCase().includes(needle) ||
    span.text.toLowerCase().includes(needle)
  );
}

/**
 * The rows shown. `expanded` overrides the default per span id (true open, false closed). With a `search`, only
 * spans that match it and their ancestors are shown, every ancestor open (a match's own expansion is as chosen).
 */
export function visibleRows(
  spans: readonly Span[],
  expanded: ReadonlyMap<number, boolean>,
  search = '',
): TraceRow[] {
  const needle = search.trim().toLowerCase();
  const run = spans[0];
  if (!run) return [];
  const keep = needle ? matchingWithAncestors(spans, needle) : undefined;
  const rows: TraceRow[] = [];
  const isOpen = (span: Span): boolean => expanded.get(span.id) ?? openByDefault(span);
  // Depth-first without recursion (a deep tree must not overflow the stack).
  const stack: { id: number; level: number }[] = [];
  const pushChildren = (span: Span, level: number): void => {
    for (let i = span.children.length - 1; i >= 0; i--) stack.push({ id: span.children[i] as number, level });
  };
  pushChildren(run, 1);
  while (stack.length > 0) {
    const { id, level } = stack.pop() as { id: number; level: number };
    const span = spans[id];
    if (!span || (keep && !keep.has(id))) continue;
    const expandable = isExpandable(span);
    const forced = keep !== undefined && span.children.some((c) => keep.has(c));
    const open = expandable && (forced || isOpen(span));
    rows.push({ span, level, expandable, expanded: open, detail: false });
    if (!open) continue;
    if (span.children.length > 0) pushChildren(span, level + 1);
    else rows.push({ span, level: level + 1, expandable: false, expanded: false, detail: true });
  }
  return rows;
}

/** Ids of the spans that match and of all their ancestors. */
function matchingWithAncestors(spans: readonly Span[], needle: string): Set<number> {
  const keep = new Set<number>();
  for (const span of spans) {
    if (span.id === 0 || !spanMatches(span, needle)) continue;
    for (let id = span.id; id > 0 && !keep.has(id); id = (spans[id] as Span).parent) keep.add(id);
  }
  return keep;
}
