/**
 * The trace of a run, backend-neutral: what a backend says an event means for the run's structure (`TraceFact`, made
 * by each backend's presenter), and the tree of spans the fold builds from them (`Span`). Pure: no `vscode`; the
 * webview bundle includes it.
 */

/** What a span is: the run, a sub-agent's lane, a step (node) or turn, a model request, a tool call, a message, a wait. */
export type SpanKind = 'run' | 'lane' | 'step' | 'turn' | 'model' | 'tool' | 'message' | 'wait';

export type SpanState = 'open' | 'ok' | 'error' | 'cancelled';

export interface TraceTokens {
  input: number;
  output: number;
  /** Input tokens read from the prompt cache. */
  cacheRead?: number;
}

export interface TraceUsage {
  tokens?: { input: number; output: number };
  cost?: { amount: number; currency: string };
}

/**
 * What one event means for the trace. Keys are the backend's own (a call id, a node's name); the fold namespaces
 * them by lane. Every part is optional: an event with none of them just belongs to the nearest open step.
 */
export interface TraceFact {
  /** A sub-agent's lane (its thread's agent name); absent: the run's main lane. */
  lane?: string;
  /**
   * Opens a span. With `join`, an event whose key is already open belongs to that span (a second message in the same
   * turn); without it, the open span of that key is closed first (a node started again).
   */
  open?: {
    key: string;
    kind: Exclude<SpanKind, 'run' | 'lane' | 'message'>;
    name: string;
    detail?: string;
    join?: boolean;
  };
  /**
   * Closes the span opened with `key` (a tool result, a node's output, a model request's end). A close whose open
   * has not come yet is kept for it (keys that are ids); with `ifOpen`, it closes only what is open now (keys that
   * are reused, like a turn's).
   */
  close?: { key: string; ok: boolean; detail?: string; tokens?: TraceTokens; ifOpen?: boolean };
  /** Text the agent writes: runs of it under one key join into one message (`final`: the message is whole). */
  text?: { key: string; text: string; final?: boolean };
  /**
   * A sub-agent's thread stopped: what is still open in its lane closes (its results went to the thread's own
   * events, which the session's do not repeat), saying `detail`.
   */
  laneDone?: { lane: string; detail: string };
  /** The run ended: every open span closes, as failed when the run failed. */
  end?: { state: Exclude<SpanState, 'open'>; detail?: string };
  /** The run's usage so far (cumulative: the latest replaces the one before). */
  usage?: TraceUsage;
}

/** One event, as the fold needs it: the host's ordinal, its time, and what it means. */
export interface TraceInput {
  ord: number;
  ts: string;
  /** The row's level: an `error` row marks its span. */
  level: string;
  trace?: TraceFact;
}

export interface Span {
  /** Its index in the fold's spans (the run is 0). */
  id: number;
  /** -1 for the run. */
  parent: number;
  kind: SpanKind;
  name: string;
  /** What it was asked (a tool's input, a wait's prompt). */
  detail: string;
  /** What came back (a tool's result, a node's output). */
  result: string;
  /** '' for the main lane. */
  lane: string;
  /** Epoch ms of its first event; NaN until one has a usable time. */
  start: number;
  /** Epoch ms of its close; NaN while open. */
  end: number;
  state: SpanState;
  /** A message's text, joined as it streams. */
  text: string;
  tokens?: TraceTokens;
  /** The ordinals of the events that belong to this span (each event belongs to exactly one span). */
  events: number[];
  children: number[];
  /** How many of its own events are errors. */
  errors: number;
}
