// Questions the host asks the webview in tests and benchmarks (never in a user's VS Code: the webview answers them
// only when its test-mode script is loaded), and what it answers. Shared by the host, the webview and the tests.

/** Questions the host asks the webview (tests, benchmarks); answered with `probeResult`. */
export type ProbeOp =
  | { op: 'snapshot'; includeOrds?: boolean }
  | { op: 'scan' }
  | { op: 'search'; text: string }
  /** Shows only `types` (all when empty) and hides `hidden`. */
  | { op: 'types'; types: string[]; hidden?: string[] }
  | { op: 'expand'; ord: number }
  | { op: 'scrollTo'; position: 'top' | 'bottom' | number }
  /** How many lines the header's title row takes when the panel is `width` pixels wide. */
  | { op: 'titleLines'; width: number }
  /** Sets scrollTop as a wheel or a scrollbar drag does, then renders before the scroll event comes. */
  | { op: 'userScroll'; y: number }
  | {
      op: 'click';
      target: 'followNewSubRun' | 'stop' | 'resume' | 'jumpLatest' | 'retry' | 'signIn';
    }
  | { op: 'key'; key: string }
  /** The Trace view as shown (its rows after expansion and search, the summary, what is in the DOM). */
  /** The trace; `brief`: only its figures (no rows, no forced draw), for benchmarks that ask often. */
  | { op: 'trace'; brief?: boolean }
  /** Presses the Events or Trace toggle, as a person does. */
  | { op: 'setView'; view: 'events' | 'trace' }
  /**
   * Clicks the trace row named `name` (the first shown): on its line (selects it), its twisty (`toggle`), its "show
   * these events" button (`events`), or double-clicks it (`dblclick`).
   */
  | { op: 'traceClick'; name: string; action?: 'select' | 'toggle' | 'events' | 'dblclick' }
  /** A key pressed on the focused trace tree. */
  | { op: 'traceKey'; key: string }
  /** Presses Copy as Markdown. */
  | { op: 'traceCopy' }
  /** Clears the step filter with the chip's ×. */
  | { op: 'clearStep' }
  /**
   * The webview's JS heap, then a full collection when the browser exposes `gc` (the test browser runs with
   * --js-flags=--expose-gc): a second probe a little later reads what is really held. Benchmarks only.
   */
  | { op: 'heap' }
  /** The steer area as a person sees it, after doing `act` there as a person would (type and press, click). */
  | {
      op: 'steer';
      act?:
        | { do: 'send'; text: string }
        | { do: 'interrupt' }
        | { do: 'allow'; id: string }
        | { do: 'deny'; id: string; reason?: string };
    };

/** What `heap` saw. */
export interface ProbeHeap {
  /** The JS heap's used bytes (Chromium's `performance.memory`; it refreshes at most every 50 ms). */
  bytes?: number;
  /** A full collection was asked for after reading it (the test browser exposes `gc`): the next figure is live data. */
  collected: boolean;
  /** The webview can reach the workbench's window: one origin, one process, one heap (the figure is both's). */
  sharedWithWorkbench: boolean;
}

/** One row of the trace as shown. */
export interface ProbeTraceRow {
  id: number;
  /** The row's name (a message's is "message", a lane's "sub-agent: <name>"). */
  name: string;
  kind: string;
  state: string;
  /** How long it took, or has taken so far; undefined before it has a time. */
  durationMs?: number;
  start: number;
  end: number;
  text: string;
  detail: string;
  result: string;
  /** What its line says after the name. */
  line: string;
  level: number;
  expandable: boolean;
  expanded: boolean;
  /** An expanded span's detail row (its whole input, result or text), not a span row. */
  isDetail: boolean;
  /** Ordinals of its own events. */
  events: number[];
  tokens?: { input: number; output: number; cacheRead?: number };
}

/** What `trace` saw. */
export interface ProbeTrace {
  view: 'events' | 'trace';
  /** The toggle buttons' aria-pressed (Events, Trace). */
  pressed: [boolean, boolean];
  summaryText: string;
  rows: ProbeTraceRow[];
  /** The events that belong to the run itself (no step holds them: the run's start, say). */
  runEvents: number[];
  /** Rows (span and detail) in the DOM now. */
  domRows: number;
  /** The text of the detail rows in the DOM. */
  domDetails: string[];
  /** aria-labels of the span rows in the DOM, in order. */
  domLabels: string[];
  /** The selected span's name. */
  active?: string;
  typingText: string;
  /** Events folded into the trace shown. */
  folded: number;
  /** Set while the trace shown is the partial one of a long history's latest events (see TraceView.partial). */
  partial?: { latest: number; have: number; total: number };
  /** The last event the trace shown holds (its ordinal; 0: none). */
  lastOrd: number;
  draws: number;
  /** Time the webview spent folding events and drawing the trace, in all (ms). */
  busyMs: number;
  /** Each event's time from its timestamp to the trace's draw that first showed it (ms; the latest 50,000). */
  latencies: number[];
  /** When the webview's document began to load (epoch ms, `performance.timeOrigin`). */
  timeOrigin: number;
  /** The latest event each draw showed, when it changed, and the draw's time (epoch ms, the webview's clock). */
  drawnThrough: [number, number][];
  /** Each event's time from its timestamp to its arrival in the webview (ms; the latest 50,000). */
  arrivals: number[];
  injected: { elements: number; globals: string[] };
}

/** What `steer` saw. */
export interface ProbeSteer {
  shown: boolean;
  composerShown: boolean;
  sendDisabled: boolean;
  interruptDisabled: boolean;
  message: string;
  status: string;
  cards: { id: string; text: string; buttons: string[] }[];
}

/** What `scan` saw: the ordinals of the rows the DOM showed while scrolling top to bottom. */
export interface ProbeScan {
  ords: number[];
  maxDomRows: number;
}

export interface ProbeSnapshot {
  /** Events held by the webview. */
  count: number;
  firstOrd: number;
  lastOrd: number;
  /** True when the held seqs are exactly firstOrd..lastOrd, each once. */
  contiguous: boolean;
  /** Seqs held (only with includeOrds). */
  ords?: number[];
  /** Seqs of the rows shown (after filters), only with includeOrds. */
  viewOrds?: number[];
  viewCount: number;
  /** Ordinals of the rows in the DOM right now. */
  domOrds: number[];
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
  /** The live typing bar (label and text), '' when hidden. */
  typingText: string;
  /** The latest texts the typing bar showed, oldest first ('' for hidden). */
  typingHistory: string[];
  /** Labels of the header buttons that are shown. */
  buttons: string[];
  atBottom: boolean;
  /** The timeline's scroll box: scrollTop, scrollHeight and clientHeight. */
  scroll: { top: number; height: number; client: number };
  jumpVisible: boolean;
  expandedText?: string;
  /** Computed colours of the parts of the selected row's line (they must all read on the selection). */
  activeRowColors?: { line: string; time: string; label: string; type: string };
  /** True when "Jump to latest" is shown over a row (it must never cover one). */
  jumpCoversRow: boolean;
  /** Ordinals of the rows in the DOM marked "the match is in the payload". */
  payloadMatchOrds: number[];
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
  activeOrd?: number;
  /** Events or Trace. */
  view: 'events' | 'trace';
  /** The step filter's chip ("Step: <name>"), '' when there is none. */
  stepChip: string;
  /** While a preview of the latest events is shown: how many of the earlier ones have arrived, of how many. */
  loadingEarlier?: { have: number; total: number };
}
