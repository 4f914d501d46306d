/**
 * A display copy of a payload that is safe to ship to the webview: depth, string length, item count and total size
 * bounded, invisible characters revealed. Pure (no `vscode` import); unit-tested in test/unit/panel.
 */
import { oneLine, revealInvisible } from './text';

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

/** A value on one line, at most `max` characters: a string as it is, anything else as compact JSON. */
export function oneLineOf(value: unknown, max: number): string {
  if (value === undefined || value === null) return '';
  return oneLine(typeof value === 'string' ? value : compact(value, max), max);
}
