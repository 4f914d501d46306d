/**
 * Event → timeline row: icon, level, group, one-line summary and a display copy of the payload that is safe to
 * ship to the webview (depth, string length, item count and total size bounded; bidi controls made visible).
 * Pure: no `vscode` import; unit-tested in test/unit/panel.
 */
import type { RowDto, RowLevel } from './protocol';

export interface TimelineEvent {
  seq: number;
  type: unknown;
  timestamp?: unknown;
  payload?: unknown;
}

/** Bounds of the display copy of a payload. */
export interface PruneLimits {
  maxDepth: number;
  maxString: number;
  maxItems: number;
  /** Rough budget of characters for the whole display copy. */
  maxChars: number;
}

export const DISPLAY_LIMITS: PruneLimits = {
  maxDepth: 24,
  maxString: 2_000,
  maxItems: 200,
  maxChars: 16_000,
};
/** Used for the expanded view / editor when the row's copy was pruned. */
export const DETAIL_LIMITS: PruneLimits = {
  maxDepth: 64,
  maxString: 100_000,
  maxItems: 2_000,
  maxChars: 400_000,
};

const SUMMARY_MAX = 240;

// Bidi embedding/override/isolate controls, marks, and other invisible format characters that can make text
// read differently from what it is (Trojan Source). They are shown as \uXXXX instead.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

const HAS_INVISIBLE = new RegExp(INVISIBLE.source);

/** Makes bidi overrides and other invisible control characters visible as `\uXXXX`. */
export function revealInvisible(text: string): string {
  // Testing first is three times cheaper than replacing, and almost no text has such characters.
  if (!HAS_INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line: newlines and tabs folded to spaces, invisible characters revealed, at most `max` characters. */
export function oneLine(text: string, max = SUMMARY_MAX): string {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const folded = revealInvisible(head.replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ')).trim();
  return folded.length > max ? `${folded.slice(0, max - 1)}…` : folded;
}

export function typeName(type: unknown): string {
  const text = typeof type === 'string' && type !== '' ? type : 'UNKNOWN';
  return oneLine(text, 120);
}

const ICONS: Record<string, string> = {
  RUN_STARTED: 'play-circle',
  RUN_FINISHED: 'pass-filled',
  RUN_FAILED: 'error',
  RUN_CANCELLED: 'circle-slash',
  NODE_STARTED: 'debug-start',
  NODE_FINISHED: 'debug-stop',
  NODE_OUTPUT: 'output',
  LLM_TOKEN: 'comment',
  TOOL_CALL: 'tools',
  TOOL_RESULT: 'check',
  HUMAN_INPUT_REQUESTED: 'person',
  HUMAN_INPUT_RECEIVED: 'person',
  CHECKPOINT: 'save',
};

/** Every icon name a row can carry (the webview accepts only these). */
export const ROW_ICONS: readonly string[] = [
  ...new Set([...Object.values(ICONS), 'warning', 'circle-small-filled', 'bug']),
];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function hasError(payload: unknown): boolean {
  if (!isObject(payload)) return false;
  return (payload.error !== undefined && payload.error !== null) || payload.ok === false;
}

export function levelOf(type: string, payload: unknown): RowLevel {
  const t = type.toUpperCase();
  if (t === 'RUN_FINISHED') return 'success';
  if (t === 'RUN_FAILED' || t.includes('ERROR') || t.includes('FAIL') || hasError(payload)) return 'error';
  if (t === 'RUN_CANCELLED' || t.includes('WARN') || t.includes('RETRY')) return 'warning';
  if (t.startsWith('HUMAN_')) return 'human';
  return 'info';
}

export function iconOf(type: string, payload: unknown): string {
  const t = type.toUpperCase();
  if (t === 'TOOL_RESULT' && hasError(payload)) return 'error';
  const known = ICONS[t];
  if (known) return known;
  const level = levelOf(t, payload);
  if (level === 'error') return 'bug';
  if (level === 'warning') return 'warning';
  return 'circle-small-filled';
}

/** "planner · step 2" when the payload names a node and/or step; undefined otherwise. */
export function groupOf(payload: unknown): string | undefined {
  if (!isObject(payload)) return undefined;
  const node = str(payload.node) ?? str(payload.node_id) ?? str(payload.step_name);
  const step =
    typeof payload.step === 'number' || typeof payload.step === 'string' ? payload.step : undefined;
  if (node === undefined && step === undefined) return undefined;
  const parts = [
    node !== undefined ? oneLine(node, 60) : undefined,
    step !== undefined ? `step ${oneLine(String(step), 20)}` : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

function errorText(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error === 'string') return error;
  if (isObject(error)) {
    const message = str(error.message) ?? str(error.error) ?? str(error.detail);
    const code = str(error.code);
    if (message && code) return `${message} (${code})`;
    return message ?? code ?? compact(error, 120);
  }
  return compact(error, 120);
}

/** Compact JSON of a small preview of a value (never throws, bounded work). */
export function compact(value: unknown, max: number): string {
  try {
    const text = JSON.stringify(
      prune(value, { maxDepth: 4, maxString: max, maxItems: 12, maxChars: max * 2 }).value,
    );
    return text === undefined ? String(value) : text.length > max ? `${text.slice(0, max - 1)}…` : text;
  } catch {
    return '…';
  }
}

function firstText(payload: Record<string, unknown>): string | undefined {
  for (const key of ['message', 'text', 'summary', 'prompt', 'content', 'reason', 'status', 'name']) {
    const v = str(payload[key]);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** The one-line summary of an event (plain text, already folded and bounded). */
export function summarize(typeRaw: unknown, payload: unknown): string {
  return oneLine(rawSummary(typeName(typeRaw).toUpperCase(), payload));
}

function rawSummary(type: string, payload: unknown): string {
  if (!isObject(payload)) {
    if (payload === undefined || payload === null) return '';
    return typeof payload === 'string' ? payload : compact(payload, SUMMARY_MAX);
  }
  const p = payload;
  const node = str(p.node);
  const prefix = node ? `${node}: ` : '';
  switch (type) {
    case 'RUN_STARTED': {
      const agent = str(p.agent) ?? str(p.agent_name);
      const attempt = str(p.attempt_no);
      const bits = ['Run started'];
      if (agent) bits.push(`agent ${agent}`);
      if (attempt) bits.push(`attempt ${attempt}`);
      const text = firstText(p);
      if (text) bits.push(text);
      return bits.join(' · ');
    }
    case 'NODE_STARTED':
      return `${node ?? 'node'} started${p.step !== undefined ? ` (step ${str(p.step) ?? '?'})` : ''}`;
    case 'LLM_TOKEN':
      return `${prefix}${JSON.stringify(str(p.token) ?? str(p.text) ?? '')}`;
    case 'TOOL_CALL': {
      const tool = str(p.tool) ?? str(p.name) ?? 'tool';
      const args = p.arguments ?? p.args ?? p.input;
      return `${prefix}${tool}(${args === undefined ? '' : compact(args, 160)})`;
    }
    case 'TOOL_RESULT': {
      const tool = str(p.tool) ?? str(p.name) ?? str(p.call_id) ?? 'tool';
      const err = errorText(p.error);
      if (err !== undefined || p.ok === false) return `${prefix}${tool} failed: ${err ?? 'error'}`;
      const ms = typeof p.duration_ms === 'number' ? ` in ${p.duration_ms} ms` : '';
      const result = p.result ?? p.output;
      return `${prefix}${tool} ok${ms}${result === undefined ? '' : ` → ${compact(result, 140)}`}`;
    }
    case 'NODE_OUTPUT': {
      const out = p.output;
      const text = isObject(out) ? (str(out.text) ?? compact(out, 180)) : (str(out) ?? firstText(p));
      return `${prefix}${text ?? compact(p, 180)}`;
    }
    case 'HUMAN_INPUT_REQUESTED':
      return `Waiting for a human${node ? ` at ${node}` : ''}: ${str(p.prompt) ?? firstText(p) ?? ''}`;
    case 'RUN_FINISHED': {
      const out = p.output;
      const text = isObject(out) ? (str(out.text) ?? compact(out, 180)) : str(out);
      return `Run finished${text ? `: ${text}` : ''}`;
    }
    case 'RUN_FAILED':
      return `Run failed: ${errorText(p.error) ?? firstText(p) ?? 'no reason given'}`;
    case 'RUN_CANCELLED': {
      const reason = str(p.reason) ?? str(p.message);
      const next = str(p.next_attempt_no);
      return `Run cancelled${reason ? `: ${reason}` : ''}${next ? ` (attempt ${next} started)` : ''}`;
    }
    default: {
      const err = errorText(p.error);
      if (err) return `${prefix}${err}`;
      const text = firstText(p);
      return text !== undefined ? `${prefix}${text}` : compact(p, SUMMARY_MAX);
    }
  }
}

export interface Pruned {
  value: unknown;
  pruned: boolean;
}

/**
 * A copy of `value` within `limits`: deeper levels, longer strings, extra items and anything past the character
 * budget are replaced by short markers. Iterative over depth-bounded recursion: a 10,000-deep payload costs only
 * `maxDepth` stack frames.
 */
export function prune(value: unknown, limits: PruneLimits): Pruned {
  let budget = limits.maxChars;
  let pruned = false;
  const walk = (v: unknown, depth: number): unknown => {
    if (budget <= 0) {
      pruned = true;
      return '…';
    }
    if (v === null || typeof v === 'boolean' || typeof v === 'number') {
      budget -= 6;
      return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
    }
    if (typeof v === 'string') {
      const max = Math.min(limits.maxString, Math.max(16, budget));
      budget -= Math.min(v.length, max) + 2;
      if (v.length <= max) return v;
      pruned = true;
      return `${v.slice(0, max)}… (${v.length - max} more characters)`;
    }
    if (typeof v !== 'object') {
      budget -= 8;
      return String(v);
    }
    if (depth >= limits.maxDepth) {
      pruned = true;
      budget -= 12;
      return Array.isArray(v) ? '[… deeper levels not shown]' : '{… deeper levels not shown}';
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      const n = Math.min(v.length, limits.maxItems);
      budget -= 2;
      for (let i = 0; i < n && budget > 0; i++) out.push(walk(v[i], depth + 1));
      if (out.length < v.length) {
        pruned = true;
        out.push(`… ${v.length - out.length} more items`);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    const keys = Object.keys(v);
    const n = Math.min(keys.length, limits.maxItems);
    budget -= 2;
    let i = 0;
    for (; i < n && budget > 0; i++) {
      const key = keys[i] as string;
      budget -= key.length + 3;
      out[key.length > 200 ? `${key.slice(0, 200)}…` : key] = walk(
        (v as Record<string, unknown>)[key],
        depth + 1,
      );
    }
    if (i < keys.length) {
      pruned = true;
      out['…'] = `${keys.length - i} more keys`;
    }
    return out;
  };
  const result = walk(value, 0);
  return { value: result, pruned };
}

/** Pruned compact JSON of a payload, invisible characters revealed. */
export function displayJson(
  payload: unknown,
  limits: PruneLimits = DISPLAY_LIMITS,
): { json: string; pruned: boolean } {
  const { value, pruned } = prune(payload === undefined ? null : payload, limits);
  let json: string;
  try {
    json = JSON.stringify(value) ?? 'null';
  } catch {
    json = '"(payload could not be shown)"';
  }
  return { json: revealInvisible(json), pruned };
}

/**
 * `displayJson` for a value parsed from JSON (an event's payload), without the copy `prune` makes when it would
 * change nothing, which is almost always: prune is most of the cost of a row. JSON.stringify is exact when the text
 * is short enough that no string, key, item count or character budget can reach its limit, and the nesting is
 * shallow enough. Values JSON cannot hold (undefined, NaN, cycles) never come from JSON.parse.
 */
export function payloadJson(
  payload: unknown,
  limits: PruneLimits = DISPLAY_LIMITS,
): { json: string; pruned: boolean } {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload === undefined ? null : payload);
  } catch {
    json = undefined;
  }
  const max = Math.min(limits.maxString, Math.floor(limits.maxChars / 4), QUICK_MAX_CHARS);
  if (json !== undefined && json.length <= max && withinShape(json, limits.maxDepth, limits.maxItems))
    return { json: revealInvisible(json), pruned: false };
  return displayJson(payload, limits);
}

/** Longest JSON text `payloadJson` takes as it is (longer text is pruned as usual). */
const QUICK_MAX_CHARS = 2_000;
/** Keys longer than this are shortened by `prune`; the quick path leaves any such string to it. */
const QUICK_MAX_STRING = 200;

/** True when JSON text nests at most `maxDepth` containers, each with at most `maxItems` items and short strings. */
function withinShape(json: string, maxDepth: number, maxItems: number): boolean {
  const items: number[] = [];
  let inString = false;
  let stringStart = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) {
        inString = false;
        if (i - stringStart > QUICK_MAX_STRING) return false;
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      stringStart = i;
    } else if (c === 0x7b || c === 0x5b) {
      // { or [: one more level, and an item of the level it is in
      if (items.length >= maxDepth) return false;
      items.push(json.charCodeAt(i + 1) === 0x7d || json.charCodeAt(i + 1) === 0x5d ? 0 : 1);
    } else if (c === 0x7d || c === 0x5d) {
      items.pop();
    } else if (c === 0x2c) {
      const level = items.length - 1;
      const count = (items[level] ?? 0) + 1;
      if (count > maxItems) return false;
      items[level] = count;
    }
  }
  return true;
}

/** Full pretty JSON of an event (for "open in editor" / copy), invisible characters revealed. */
export function fullJson(event: unknown): string {
  const { value } = prune(event, {
    maxDepth: 2_000,
    maxString: Number.MAX_SAFE_INTEGER,
    maxItems: Number.MAX_SAFE_INTEGER,
    maxChars: 64 * 1024 * 1024,
  });
  return revealInvisible(JSON.stringify(value, null, 2) ?? 'null');
}

export function toRow(event: TimelineEvent): RowDto {
  const type = typeName(event.type);
  const { json, pruned } = payloadJson(event.payload);
  const group = groupOf(event.payload);
  const row: RowDto = {
    seq: event.seq,
    type,
    ts: typeof event.timestamp === 'string' ? event.timestamp.slice(0, 40) : '',
    summary: summarize(event.type, event.payload),
    icon: iconOf(type, event.payload),
    level: levelOf(type, event.payload),
    json,
    pruned,
  };
  if (group !== undefined) row.group = group;
  return row;
}

/** HH:MM:SS.mmm (local time) of an ISO timestamp; the raw text when it does not parse. */
export function clockTime(ts: string): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts || '--:--:--';
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** The output-channel line of a row: time, seq, type, summary. */
export function outputLine(label: string, row: RowDto): string {
  return `[${label}] ${clockTime(row.ts)} #${row.seq} ${row.type}${row.summary ? ` ${row.summary}` : ''}`;
}

/** The run status an event implies, if any (RUN_STARTED → running, …). */
export function statusFromEvent(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  switch (type.toUpperCase()) {
    case 'RUN_STARTED':
      return 'running';
    case 'HUMAN_INPUT_REQUESTED':
      return 'waiting_for_human';
    case 'HUMAN_INPUT_RECEIVED':
    case 'RUN_RESUMED':
      return 'running';
    case 'RUN_FINISHED':
      return 'completed';
    case 'RUN_FAILED':
      return 'failed';
    case 'RUN_CANCELLED':
      return 'cancelled';
    default:
      return undefined;
  }
}

export const TERMINAL_STATUSES: readonly string[] = ['completed', 'failed', 'cancelled'];

export function isTerminalStatus(status: string | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.includes(status);
}
