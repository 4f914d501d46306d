/**
 * Rows travel from the extension host to the webview packed: one Uint8Array of columnar JSON per batch.
 *
 * Why: VS Code serialises a webview message with a JSON.stringify replacer that visits every value (to find
 * ArrayBuffers), and in the browser build it crosses a WebSocket and two iframes. A batch of 5,000 row objects took
 * 100–200 ms to arrive; the same rows as one byte array, with no repeated keys and the small vocabularies (type,
 * icon, level, group) sent once per batch, arrive in about a third of that. Pure: no `vscode` import (the webview
 * bundle includes this file).
 */
import type { TraceFact } from '../trace/types';
import type { RowDto, RowLevel } from './protocol';

interface PackedColumns {
  /** Ordinal of the first row; the others follow it one by one unless `ords` says otherwise. */
  from: number;
  ords?: number[];
  /** Each row's cursor; absent when every cursor is its ordinal in decimal (AgentOS: the seq). */
  cursors?: string[];
  /** Each row's label; absent when every label is `#` and its ordinal. */
  labels?: string[];
  /** Each distinct type, icon, level and group of the batch once; the columns below index into it. */
  words: string[];
  type: number[];
  icon: number[];
  level: number[];
  /** -1: no group. */
  group: number[];
  ts: string[];
  summary: string[];
  json: string[];
  /** Positions (in this batch) of the rows whose payload was pruned for display. */
  pruned: number[];
  /** Each row's trace fact (0: none); absent when no row has one. */
  trace?: (TraceFact | 0)[];
}

/**
 * A row as the webview holds it. A cursor and a label that are the ordinal's own (`123`, `#123`: AgentOS's seq) are
 * made when read instead of held: two strings fewer per row, a few MB over a 100,000-event run. `toJSON` writes the
 * row whole, as the saved state needs it.
 */
class UnpackedRow implements RowDto {
  group?: string;
  trace?: TraceFact;

  constructor(
    readonly ord: number,
    private readonly ownCursor: string | undefined,
    private readonly ownLabel: string | undefined,
    readonly type: string,
    readonly ts: string,
    readonly summary: string,
    readonly icon: string,
    readonly level: RowLevel,
    readonly json: string,
    readonly pruned: boolean,
  ) {}

  get cursor(): string {
    return this.ownCursor ?? String(this.ord);
  }

  get label(): string {
    return this.ownLabel ?? `#${this.ord}`;
  }

  toJSON(): RowDto {
    const { ord, cursor, label, type, ts, summary, icon, level, json, pruned, group, trace } = this;
    const row: RowDto = { ord, cursor, label, type, ts, summary, icon, level, json, pruned };
    if (group !== undefined) row.group = group;
    if (trace !== undefined) row.trace = trace;
    return row;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function packRows(rows: readonly RowDto[]): Uint8Array {
  const words: string[] = [];
  const wordIndex = new Map<string, number>();
  const word = (text: string): number => {
    let index = wordIndex.get(text);
    if (index === undefined) {
      index = words.length;
      words.push(text);
      wordIndex.set(text, index);
    }
    return index;
  };
  const from = rows[0]?.ord ?? 0;
  const columns: PackedColumns = {
    from,
    words,
    type: [],
    icon: [],
    level: [],
    group: [],
    ts: [],
    summary: [],
    json: [],
    pruned: [],
  };
  let consecutive = true;
  let plainCursors = true;
  let plainLabels = true;
  let traced = false;
  rows.forEach((row, i) => {
    if (row.ord !== from + i) consecutive = false;
    if (plainCursors && row.cursor !== String(row.ord)) plainCursors = false;
    if (plainLabels && row.label !== `#${row.ord}`) plainLabels = false;
    columns.type.push(word(row.type));
    columns.icon.push(word(row.icon));
    columns.level.push(word(row.level));
    columns.group.push(row.group === undefined ? -1 : word(row.group));
    columns.ts.push(row.ts);
    columns.summary.push(row.summary);
    columns.json.push(row.json);
    if (row.pruned) columns.pruned.push(i);
    if (row.trace) traced = true;
  });
  if (traced) columns.trace = rows.map((r) => r.trace ?? 0);
  if (!consecutive) columns.ords = rows.map((r) => r.ord);
  if (!plainCursors) columns.cursors = rows.map((r) => r.cursor);
  if (!plainLabels) columns.labels = rows.map((r) => r.label);
  return encoder.encode(JSON.stringify(columns));
}

/** The rows of a packed batch, or undefined when `bytes` is not a well-formed batch (nothing half-read). */
export function unpackRows(bytes: unknown): RowDto[] | undefined {
  if (!(bytes instanceof Uint8Array)) return undefined;
  let c: PackedColumns;
  try {
    c = JSON.parse(decoder.decode(bytes)) as PackedColumns;
  } catch {
    return undefined;
  }
  if (!c || typeof c !== 'object' || !Number.isSafeInteger(c.from) || !Array.isArray(c.words))
    return undefined;
  const n = Array.isArray(c.type) ? c.type.length : -1;
  const columns = [c.icon, c.level, c.group, c.ts, c.summary, c.json];
  if (n < 0 || !columns.every((col) => Array.isArray(col) && col.length === n)) return undefined;
  for (const optional of [c.ords, c.cursors, c.labels, c.trace])
    if (optional !== undefined && (!Array.isArray(optional) || optional.length !== n)) return undefined;
  const words = c.words;
  const wordAt = (index: unknown): string | undefined =>
    typeof index === 'number' && typeof words[index] === 'string' ? words[index] : undefined;
  const pruned = new Set(Array.isArray(c.pruned) ? c.pruned : []);
  const rows: RowDto[] = new Array<RowDto>(n);
  for (let i = 0; i < n; i++) {
    const ord = c.ords ? c.ords[i] : c.from + i;
    const cursor = c.cursors ? c.cursors[i] : undefined;
    const label = c.labels ? c.labels[i] : undefined;
    const type = wordAt(c.type[i]);
    const icon = wordAt(c.icon[i]);
    const level = wordAt(c.level[i]);
    const ts = c.ts[i];
    const summary = c.summary[i];
    const json = c.json[i];
    if (
      !Number.isSafeInteger(ord) ||
      (c.cursors && typeof cursor !== 'string') ||
      (c.labels && typeof label !== 'string') ||
      type === undefined ||
      icon === undefined ||
      level === undefined ||
      typeof ts !== 'string' ||
      typeof summary !== 'string' ||
      typeof json !== 'string'
    )
      return undefined;
    const row = new UnpackedRow(
      ord as number,
      cursor,
      label,
      type,
      ts,
      summary,
      icon,
      level as RowLevel,
      json,
      pruned.has(i),
    );
    const group = c.group[i] === -1 ? undefined : wordAt(c.group[i]);
    if (group !== undefined) row.group = group;
    const trace = c.trace?.[i];
    if (trace && typeof trace === 'object' && !Array.isArray(trace)) row.trace = trace;
    rows[i] = row;
  }
  return rows;
}
