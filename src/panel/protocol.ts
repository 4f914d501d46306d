/**
 * The Follow Run panel's message protocol: one discriminated union per direction, imported by the extension host
 * (src/panel) and by the webview script (media/src). No `vscode` import: the webview bundle includes this file.
 *
 * Everything coming FROM the webview is untrusted until `parseWebviewMessage` accepts it.
 */

/** One timeline row, prepared by the host from one RunEventDto (see timeline.ts). */
export interface RowDto {
  seq: number;
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
}

export type RowLevel = 'info' | 'error' | 'success' | 'warning' | 'human';

/** What the header shows; sent whole in `init`, in parts in `header`. */
export interface HeaderDto {
  connectionName: string;
  runId: string;
  attemptId: string;
  agentId?: string;
  agentName?: string;
  attemptNo?: number;
  attemptCount?: number;
  status?: string;
  startedAt?: string;
  endedAt?: string;
  canCancel: boolean;
  hasInbox: boolean;
}

export type ConnectionView =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { kind: 'polling'; reason: string }
  | { kind: 'ended'; terminalType: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'stopped' }
  /** The connection's key is gone (signed out) or being replaced: nothing is sent until sign-in. */
  | { kind: 'signedOut'; connectionName: string };

/** Questions the host asks the webview (tests, benchmarks); answered with `probeResult`. */
export type ProbeOp =
  | { op: 'snapshot'; includeSeqs?: boolean }
  | { op: 'scan' }
  | { op: 'search'; text: string }
  /** Shows only `types` (all when empty) and hides `hidden`. */
  | { op: 'types'; types: string[]; hidden?: string[] }
  | { op: 'expand'; seq: number }
  | { op: 'scrollTo'; position: 'top' | 'bottom' | number }
  /** How many lines the header's title row takes when the panel is `width` pixels wide. */
  | { op: 'titleLines'; width: number }
  /** Sets scrollTop as a wheel or a scrollbar drag does, then renders before the scroll event comes. */
  | { op: 'userScroll'; y: number }
  | {
      op: 'click';
      target: 'followNewAttempt' | 'stop' | 'resume' | 'jumpLatest' | 'retry' | 'signIn';
    }
  | { op: 'key'; key: string };

export interface ProbeSnapshot {
  /** Events held by the webview. */
  count: number;
  firstSeq: number;
  lastSeq: number;
  /** True when the held seqs are exactly firstSeq..lastSeq, each once. */
  contiguous: boolean;
  /** Seqs held (only with includeSeqs). */
  seqs?: number[];
  /** Seqs of the rows shown (after filters), only with includeSeqs. */
  viewSeqs?: number[];
  viewCount: number;
  /** Seqs of the rows in the DOM right now. */
  domSeqs: number[];
  domRows: number;
  domNodes: number;
  matchText: string;
  connectionText: string;
  /** The notice under the header (why the stream failed, is reconnecting or polling; signed out), '' when hidden. */
  noticeText: string;
  /** The latest connection states shown, oldest first. */
  connectionHistory: string[];
  statusText: string;
  headerText: string;
  bannerText: string;
  /** Labels of the header buttons that are shown. */
  buttons: string[];
  atBottom: boolean;
  /** The timeline's scroll box: scrollTop, scrollHeight and clientHeight. */
  scroll: { top: number; height: number; client: number };
  jumpVisible: boolean;
  expandedText?: string;
  /** Computed colours of the parts of the selected row's line (they must all read on the selection). */
  activeRowColors?: { line: string; time: string; seq: string; type: string };
  /** True when "Jump to latest" is shown over a row (it must never cover one). */
  jumpCoversRow: boolean;
  /** Seqs of the rows in the DOM marked "the match is in the payload". */
  payloadMatchSeqs: number[];
  /** The highlighted matches in the expanded row's JSON, and whether the first is scrolled into view there. */
  expandedMatches?: { count: number; firstVisible: boolean };
  /** Signs of injected markup: elements that must never exist, and globals a payload tried to set. */
  injected: { elements: number; globals: string[] };
  /** Render figures: events rendered, sample of latencies (ms) from event timestamp to row in DOM. */
  perf: {
    rendered: number;
    latencies: number[];
    firstRenderAt: number;
    lastRenderAt: number;
    /** When (epoch ms) the first rows of any kind, preview included, were in the DOM. */
    firstRowsAt: number;
    heapBytes?: number;
  };
  activeSeq?: number;
  /** While a preview of the latest events is shown: how many of the earlier ones have arrived, of how many. */
  loadingEarlier?: { have: number; total: number };
}

// ---------------------------------------------------------------- host → webview

export type HostMessage =
  /** Sent in answer to every `ready`: who this panel follows and how things stand. */
  | { type: 'init'; connectionId: string; header: HeaderDto; connection: ConnectionView }
  /** Rows in seq order (continuing from the last one sent; packed, see row-pack.ts), then header and connection changes. */
  | { type: 'batch'; rows: Uint8Array; header?: Partial<HeaderDto>; connection?: ConnectionView }
  /**
   * The latest events of a long attempt, ahead of its history: shown until the rows sent in `batch` reach them.
   * `total` is the attempt's latest seq when they were fetched.
   */
  | { type: 'preview'; rows: Uint8Array; total: number }
  | { type: 'newAttempt'; attemptId: string; attemptNo?: number }
  | { type: 'probe'; id: number; probe: ProbeOp };

// ---------------------------------------------------------------- webview → host

export type WebviewMessage =
  /** The script loaded (or reloaded). It holds every seq 1..haveThrough (0: nothing). */
  | { type: 'ready'; haveThrough: number }
  /** The webview saw a gap or wants a re-send from this seq. */
  | { type: 'resync'; haveThrough: number }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'retry' }
  | { type: 'signIn' }
  | { type: 'cancelRun' }
  | { type: 'openInbox' }
  | { type: 'copyRunId' }
  | { type: 'copyEvent'; seq: number }
  | { type: 'openPayload'; seq: number }
  | { type: 'followAttempt'; attemptId: string }
  | { type: 'openLink'; url: string }
  | { type: 'probeResult'; id: number; result: unknown };

const SIMPLE = new Set(['stop', 'resume', 'retry', 'signIn', 'cancelRun', 'openInbox', 'copyRunId']);

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
    case 'resync':
      return isSeq(m.haveThrough) ? { type, haveThrough: m.haveThrough } : undefined;
    case 'copyEvent':
    case 'openPayload':
      return isSeq(m.seq) && m.seq > 0 ? { type, seq: m.seq } : undefined;
    case 'followAttempt':
      return typeof m.attemptId === 'string' && isPlausibleId(m.attemptId)
        ? { type, attemptId: m.attemptId }
        : undefined;
    case 'openLink':
      return typeof m.url === 'string' && isHttpUrl(m.url) ? { type, url: m.url } : undefined;
    case 'probeResult':
      return isSeq(m.id) ? { type, id: m.id, result: m.result } : undefined;
    default:
      return undefined;
  }
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
