/**
 * The Follow Run panel's message protocol: one discriminated union per direction, imported by the extension host
 * (src/panel) and by the webview script (media/src). No `vscode` import: the webview bundle includes this file.
 *
 * Everything coming FROM the webview is untrusted until `parseWebviewMessage` accepts it.
 */

/** One timeline row, prepared by the host from one neutral event (see rows.ts). */
export interface RowDto {
  /** The host's number for the event: 1, 2, 3… in the order delivered (see ordinals.ts). Rows are kept by it. */
  ord: number;
  /** Where to resume after this row, and how to fetch it whole again: opaque, the backend's own. */
  cursor: string;
  /** What the number column shows (AgentOS: `#` and its seq). */
  label: string;
  /** The event's type, bidi controls escaped, at most 120 characters. */
  type: string;
  /** ISO timestamp from the event (as sent by the server; may be unparsable). */
  ts: string;
  /** One-line summary (plain text). */
  summary: string;
  /** Codicon name, from a fixed list (never from event data). */
  icon: string;
  level: RowLevel;
  /** Node/step the event belongs to, when the payload says so. */
  group?: string;
  /** The payload as compact JSON, pruned for display (depth, strings, items) — plain text. */
  json: string;
  /** True when `json` is pruned; the full payload is fetched on demand (open in editor / copy). */
  pruned: boolean;
  /** What the event means for the trace (see src/trace). */
  trace?: TraceFact;
}

import type { TraceFact } from '../trace/types';
export type { RowLevel } from '../backends/look';
export type { RunState } from '../backends/types';
import type { RowLevel } from '../backends/look';
import type { RunState, TypingPreview } from '../backends/types';

/** What the header shows; sent whole in `init`, in parts in `header`. */
export interface HeaderDto {
  connectionName: string;
  runId: string;
  /** The followed sub-run (an AgentOS attempt). */
  subRunId: string;
  /** "Attempt 2 of 3", when the run has sub-runs the header names. */
  subRunLabel?: string;
  agentId?: string;
  agentName?: string;
  /** The backend's status word, shown as it is (underscores as spaces). */
  status?: string;
  /** The neutral state behind it: icons and colours come from it. */
  state?: RunState;
  /** Why it is in that state, in words ("waiting for approval"), when the backend says. */
  why?: string;
  /** Tokens and cost so far ("12.4k in · 3.1k out · $0.16"), when the backend reports them. */
  usage?: string;
  startedAt?: string;
  endedAt?: string;
  canCancel: boolean;
  hasInbox: boolean;
  /** What a person can do to the run from the panel (Managed Agents): answer it, interrupt it, approve tools. */
  steer?: SteerDto;
}

export interface SteerDto {
  reply: boolean;
  interrupt: boolean;
  /** Tool uses waiting for an answer, and answers on their way. */
  approvals: ApprovalCard[];
}

export interface ApprovalCard {
  /** The tool use's id (plain text, shown nowhere but sent back with the answer). */
  id: string;
  tool: string;
  /** Its input, compact JSON, plain text. */
  input: string;
  state: 'pending' | 'sending' | 'allowed' | 'denied';
}

export type ConnectionView =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { kind: 'polling'; reason: string }
  | { kind: 'ended' }
  | { kind: 'failed'; reason: string }
  | { kind: 'stopped' }
  /** The connection's key is gone (signed out) or being replaced: nothing is sent until sign-in. */
  | { kind: 'signedOut'; connectionName: string };

import type { ProbeOp } from './probe-types';

// ---------------------------------------------------------------- host → webview

export type HostMessage =
  /** Sent in answer to every `ready`: who this panel follows and how things stand. */
  | { type: 'init'; connectionId: string; header: HeaderDto; connection: ConnectionView; view?: PanelView }
  /** Rows in order (continuing from the last one sent; packed, see row-pack.ts), then header and connection changes. */
  | {
      type: 'batch';
      rows: Uint8Array;
      header?: Partial<HeaderDto>;
      connection?: ConnectionView;
      /** Live typing: what the agent writes now (not a row), null when it stops; absent when unchanged. */
      typing?: TypingPreview | null;
    }
  /**
   * The latest events of a long attempt, ahead of its history: shown until the rows sent in `batch` reach them.
   * `total` is the attempt's latest seq when they were fetched.
   */
  | { type: 'preview'; rows: Uint8Array; total: number }
  /** A newer sub-run (attempt) of the run started: offer to follow it. */
  | { type: 'newSubRun'; subRunId: string; label?: string }
  /** How a message, an interrupt or an answer sent from the panel went; on failure the webview keeps the text. */
  | { type: 'steered'; what: 'message' | 'interrupt' | 'answer'; ok: boolean; error?: string }
  | { type: 'probe'; id: number; probe: ProbeOp };

// ---------------------------------------------------------------- webview → host

export type WebviewMessage =
  /** The script loaded (or reloaded). It holds rows 1..haveThrough (0: nothing); `cursor` is row haveThrough's. */
  | { type: 'ready'; haveThrough: number; cursor?: string }
  /** The webview saw a gap and wants a re-send after row haveThrough. */
  | { type: 'resync'; haveThrough: number; cursor?: string }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'retry' }
  | { type: 'signIn' }
  | { type: 'cancelRun' }
  | { type: 'openInbox' }
  | { type: 'copyRunId' }
  | { type: 'copyEvent'; cursor: string }
  | { type: 'openPayload'; cursor: string }
  | { type: 'followSubRun'; subRunId: string }
  | { type: 'openLink'; url: string }
  | { type: 'sendMessage'; text: string }
  | { type: 'interrupt' }
  | { type: 'answerApproval'; id: string; allow: boolean; reason?: string }
  /** Copy as Markdown: the trace as the webview wrote it (plain text, only ever put on the clipboard). */
  | { type: 'copyTrace'; markdown: string }
  /** Save events as JSONL: the host asks where and writes the run's raw events, fetched again from the backend. */
  | { type: 'saveEvents' }
  /** Events or Trace: the host remembers the choice for the next panel. */
  | { type: 'viewChanged'; view: PanelView }
  | { type: 'probeResult'; id: number; result: unknown };

/** The panel's two views of the same events. */
export type PanelView = 'events' | 'trace';

const SIMPLE = new Set([
  'stop',
  'resume',
  'retry',
  'signIn',
  'cancelRun',
  'openInbox',
  'copyRunId',
  'interrupt',
  'saveEvents',
]);

/** The longest Markdown a trace copies (a trace of a long run is cut by the webview, with a note, before this). */
export const MAX_MARKDOWN = 2_000_000;

/** The longest message the panel sends (a person's message, or a reason for a denial). */
export const MAX_MESSAGE = 100_000;

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Accepts a message from the webview only when it has exactly the expected shape; anything else is `undefined`.
 * A compromised webview can still ask for the listed actions, but never with arguments of another shape.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  const type = m.type;
  if (typeof type !== 'string') return undefined;
  if (SIMPLE.has(type)) return { type } as WebviewMessage;
  switch (type) {
    case 'ready':
    case 'resync': {
      if (!isSeq(m.haveThrough)) return undefined;
      if (m.cursor === undefined) return { type, haveThrough: m.haveThrough };
      return isCursor(m.cursor) ? { type, haveThrough: m.haveThrough, cursor: m.cursor } : undefined;
    }
    case 'copyEvent':
    case 'openPayload':
      return isCursor(m.cursor) ? { type, cursor: m.cursor } : undefined;
    case 'followSubRun':
      return typeof m.subRunId === 'string' && isPlausibleId(m.subRunId)
        ? { type, subRunId: m.subRunId }
        : undefined;
    case 'openLink':
      return typeof m.url === 'string' && isHttpUrl(m.url) ? { type, url: m.url } : undefined;
    case 'copyTrace':
      return typeof m.markdown === 'string' && m.markdown.length <= MAX_MARKDOWN
        ? { type, markdown: m.markdown }
        : undefined;
    case 'viewChanged':
      return m.view === 'events' || m.view === 'trace' ? { type, view: m.view } : undefined;
    case 'probeResult':
      return isSeq(m.id) ? { type, id: m.id, result: m.result } : undefined;
    case 'sendMessage':
      return typeof m.text === 'string' && m.text.trim() !== '' && m.text.length <= MAX_MESSAGE
        ? { type, text: m.text }
        : undefined;
    case 'answerApproval': {
      if (typeof m.id !== 'string' || !isPlausibleId(m.id) || typeof m.allow !== 'boolean') return undefined;
      if (m.reason === undefined) return { type, id: m.id, allow: m.allow };
      return typeof m.reason === 'string' && m.reason.length <= MAX_MESSAGE
        ? { type, id: m.id, allow: m.allow, reason: m.reason }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** A cursor as backends make them: printable ASCII, 1–500 characters. */
export function isCursor(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,500}$/.test(value);
}

/** An id as the API hands them out: letters, digits and a few separators, 1–200 characters. */
export function isPlausibleId(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/.test(value);
}

/** Only absolute http(s) URLs without credentials, at most 2,048 characters, are ever opened. */
export function isHttpUrl(value: string): boolean {
  if (value.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
}
