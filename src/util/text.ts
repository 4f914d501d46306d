// Text as the panel shows it: one line, invisible characters made visible, local clock times, durations. Pure, and
// bundled into the webview too.

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

/** HH:MM:SS.mmm (local time) of an ISO timestamp; the raw text when it does not parse. */
export function clockTime(ts: string): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts || '--:--:--';
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** "340 ms", "1.2 s", "42 s", "2 min 5 s", "1 h 7 min". */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}
