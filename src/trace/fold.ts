/**
 * Folds a run's events, in order, into a tree of spans: the run, its lanes (sub-agents), steps and turns, and in
 * them model requests, tool calls, messages and waits. Incremental (one event at a time, as they arrive) and total:
 * every event lands in exactly one span, whatever its facts say — an unknown event, a result before its call or a
 * close of something never opened belongs to the nearest open step. Pure: no `vscode`; the webview runs it.
 */
import type { Span, SpanKind, SpanState, TraceFact, TraceInput, TraceUsage } from './types';

/** Spans that hold others: an event with nothing to say belongs to the innermost open one. */
const CONTAINERS: ReadonlySet<SpanKind> = new Set(['run', 'lane', 'step', 'turn']);

interface Lane {
  root: number;
  /** Open spans by key. */
  open: Map<string, number>;
  /** Open steps and turns, innermost last. */
  containers: number[];
  /** The message that grows with the next text, until something else happens in the lane. */
  message: { key: string; span: number } | undefined;
  /** Closes that came before their opens (bounded): the open takes them at once. */
  early: Map<string, { ok: boolean; detail?: string; at: number }>;
}

const EARLY_MAX = 256;
/** A message keeps this much of its text; the whole of it stays in its events. */
const TEXT_MAX = 20_000;

/** Time spent per kind, with overlaps counted once (spans close roughly in order, which this relies on). */
class Busy {
  total = 0;
  private until = -Infinity;
  add(start: number, end: number): void {
    if (!(end > start)) return;
    if (start >= this.until) this.total += end - start;
    else if (end > this.until) this.total += end - this.until;
    this.until = Math.max(this.until, end);
  }
}

export class TraceFold {
  readonly spans: Span[] = [];
  /** The latest usage a fact reported. */
  usage: TraceUsage | undefined;
  /** Events folded so far. */
  count = 0;
  /** The ordinal of the latest event folded (0: none yet). */
  lastOrd = 0;
  /** Bumped on every change, so a view knows when to draw again. */
  version = 0;
  /** The first and the latest usable event time (epoch ms). */
  first = NaN;
  last = NaN;
  readonly busy: Record<'model' | 'tool' | 'wait', Busy> = {
    model: new Busy(),
    tool: new Busy(),
    wait: new Busy(),
  };
  /** Model requests, tool calls and waits still open (their time so far counts up to now). */
  readonly openBusy = new Set<number>();
  /** Tokens of the model requests that said theirs. */
  readonly modelTokens = { input: 0, output: 0, cacheRead: 0 };
  private readonly lanes = new Map<string, Lane>();
  /** The span each event went to, by ordinal. */
  private readonly homes: number[] = [];

  constructor() {
    this.spans.push(makeSpan(0, -1, 'run', 'Run', ''));
    this.lanes.set('', newLane(0));
  }

  get run(): Span {
    return this.spans[0] as Span;
  }

  /** Whether the event `ord` belongs to the span `id` or to one inside it (false for an event not folded). */
  within(ord: number, id: number): boolean {
    for (let at = this.homes[ord] ?? -1; at >= 0; at = (this.spans[at] as Span).parent)
      if (at === id) return true;
    return false;
  }

  add(input: TraceInput): void {
    const fact = input.trace;
    const at = this.timeOf(input.ts);
    const lane = this.laneFor(fact?.lane ?? '', at);
    this.count++;
    this.lastOrd = input.ord;
    this.version++;
    if (fact?.usage) this.usage = fact.usage;

    // Text grows the lane's message; anything else ends it.
    if (fact?.text) {
      this.place(input, this.grow(lane, fact.text, at), at);
      if (fact.end) this.finish(fact.end.state, fact.end.detail ?? '', at);
      return;
    }
    this.stopMessage(lane, at);

    let home: number | undefined;
    if (fact?.close) home = this.closeSpan(lane, fact.close, at);
    if (fact?.open) home = this.openSpan(lane, fact.open, at);
    this.place(input, home ?? this.nearest(lane), at);
    if (fact?.laneDone) this.endLane(fact.laneDone, at);
    if (fact?.end) this.finish(fact.end.state, fact.end.detail ?? '', at);
  }

  /** A sub-agent's thread stopped: what is open in its lane is over, though its results never reach this stream. */
  private endLane(done: NonNullable<TraceFact['laneDone']>, at: number): void {
    const lane = this.lanes.get(done.lane);
    if (!lane) return;
    this.stopMessage(lane, at);
    for (const id of lane.open.values()) {
      const span = this.spans[id] as Span;
      if (span.state !== 'open') continue;
      if (!span.result) span.result = done.detail;
      this.close(span, 'ok', at);
    }
    lane.open.clear();
    lane.containers.length = 0;
  }

  /** Every open span closes: the run ended (failed: what was going on failed with it). */
  private finish(state: Exclude<SpanState, 'open'>, detail: string, at: number): void {
    for (const lane of this.lanes.values()) {
      lane.message = undefined;
      lane.containers.length = 0;
      lane.open.clear();
    }
    for (const span of this.spans) {
      if (span.state !== 'open') continue;
      // A tool or model request cut short by a normal end never came back.
      const cut = span.kind === 'tool' || span.kind === 'model' || span.kind === 'wait';
      this.close(span, state === 'ok' && cut ? 'cancelled' : state, at);
    }
    if (detail) this.run.result = detail;
  }

  private place(input: TraceInput, spanId: number, at: number): void {
    const span = this.spans[spanId] as Span;
    span.events.push(input.ord);
    this.homes[input.ord] = spanId;
    if (input.level === 'error') span.errors++;
    if (Number.isNaN(span.start) && !Number.isNaN(at)) span.start = at;
    if (Number.isNaN(this.run.start) && !Number.isNaN(at)) this.run.start = at;
  }

  private grow(lane: Lane, text: NonNullable<TraceFact['text']>, at: number): number {
    let current = lane.message;
    if (!current || current.key !== text.key) {
      this.stopMessage(lane, at);
      const id = this.child(lane, 'message', 'message', '', at);
      current = { key: text.key, span: id };
      lane.message = current;
    }
    const span = this.spans[current.span] as Span;
    if (span.text.length < TEXT_MAX) span.text += text.text.slice(0, TEXT_MAX - span.text.length);
    if (text.final) this.stopMessage(lane, at);
    return current.span;
  }

  private stopMessage(lane: Lane, at: number): void {
    if (!lane.message) return;
    const span = this.spans[lane.message.span] as Span;
    lane.message = undefined;
    if (span.state === 'open') this.close(span, 'ok', at);
  }

  private openSpan(lane: Lane, open: NonNullable<TraceFact['open']>, at: number): number {
    const already = lane.open.get(open.key);
    if (already !== undefined) {
      if (open.join) return already;
      this.close(this.spans[already] as Span, 'ok', at);
      this.forget(lane, open.key, already);
    }
    const id = this.child(lane, open.kind, open.name, open.detail ?? '', at);
    const early = lane.early.get(open.key);
    if (early) {
      // Its close came first: the span is whole at once, and the close's event already sits elsewhere.
      lane.early.delete(open.key);
      const span = this.spans[id] as Span;
      span.result = early.detail ?? '';
      this.close(span, early.ok ? 'ok' : 'error', Math.max(early.at, at));
      return id;
    }
    lane.open.set(open.key, id);
    if (CONTAINERS.has(open.kind)) lane.containers.push(id);
    return id;
  }

  private closeSpan(lane: Lane, close: NonNullable<TraceFact['close']>, at: number): number | undefined {
    let id = lane.open.get(close.key);
    let owner = lane;
    if (id === undefined && !close.ifOpen)
      // A key that is an id may be open in another lane: a sub-agent's tool use, denied on the session's own stream.
      for (const other of this.lanes.values()) {
        id = other.open.get(close.key);
        if (id !== undefined) {
          owner = other;
          break;
        }
      }
    if (id === undefined) {
      if (close.ifOpen) return undefined;
      if (lane.early.size >= EARLY_MAX) lane.early.delete(lane.early.keys().next().value as string);
      lane.early.set(close.key, { ok: close.ok, detail: close.detail, at });
      return undefined;
    }
    const span = this.spans[id] as Span;
    if (close.detail !== undefined) span.result = close.detail;
    if (close.tokens) {
      span.tokens = close.tokens;
      this.modelTokens.input += close.tokens.input;
      this.modelTokens.output += close.tokens.output;
      this.modelTokens.cacheRead += close.tokens.cacheRead ?? 0;
    }
    this.forget(owner, close.key, id);
    this.close(span, close.ok ? 'ok' : 'error', at);
    return id;
  }

  private forget(lane: Lane, key: string, id: number): void {
    lane.open.delete(key);
    const at = lane.containers.lastIndexOf(id);
    if (at >= 0) lane.containers.splice(at, 1);
  }

  private close(span: Span, state: Exclude<SpanState, 'open'>, at: number): void {
    span.state = state;
    if (Number.isNaN(span.start)) span.start = at;
    span.end = Number.isNaN(at) ? span.start : Math.max(at, span.start);
    const busy = busyKind(span.kind);
    if (busy) {
      this.openBusy.delete(span.id);
      this.busy[busy].add(span.start, span.end);
    }
  }

  /** A new span under the lane's innermost open step (or the lane itself). */
  private child(lane: Lane, kind: SpanKind, name: string, detail: string, at: number): number {
    const parent = this.nearest(lane);
    const id = this.spans.length;
    const span = makeSpan(id, parent, kind, name, detail);
    span.lane = (this.spans[lane.root] as Span).lane;
    span.start = at;
    this.spans.push(span);
    (this.spans[parent] as Span).children.push(id);
    if (busyKind(kind)) this.openBusy.add(id);
    return id;
  }

  private nearest(lane: Lane): number {
    return lane.containers[lane.containers.length - 1] ?? lane.root;
  }

  private laneFor(name: string, at: number): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      const id = this.spans.length;
      const span = makeSpan(id, 0, 'lane', name, '');
      span.lane = name;
      span.start = at;
      this.spans.push(span);
      this.run.children.push(id);
      lane = newLane(id);
      this.lanes.set(name, lane);
    }
    return lane;
  }

  /** An event's time in epoch ms; an unusable one takes the latest usable time (NaN before any). */
  private timeOf(ts: string): number {
    const parsed = isoTime(ts);
    if (Number.isNaN(parsed)) return this.last;
    if (Number.isNaN(this.first) || parsed < this.first) this.first = parsed;
    if (Number.isNaN(this.last) || parsed > this.last) this.last = parsed;
    return parsed;
  }
}

/**
 * Epoch ms of a timestamp. Servers send `2026-12-01T10:00:00.123Z` (or more digits): read by hand, because
 * `Date.parse` is a fifth of the fold's time; anything else goes to `Date.parse`.
 */
export function isoTime(ts: string): number {
  const n = ts.length;
  if (n < 20 || n > 30 || ts.charCodeAt(n - 1) !== 90 /* Z */ || ts.charCodeAt(10) !== 84 /* T */)
    return Date.parse(ts);
  const d = (at: number): number => ts.charCodeAt(at) - 48;
  const two = (at: number): number => d(at) * 10 + d(at + 1);
  let ms = 0;
  if (n > 20) {
    if (ts.charCodeAt(19) !== 46 /* . */) return Date.parse(ts);
    let scale = 100;
    for (let at = 20; at < n - 1; at++, scale /= 10) {
      const digit = d(at);
      if (digit < 0 || digit > 9) return Date.parse(ts);
      if (scale >= 1) ms += digit * scale;
    }
  }
  const year = two(0) * 100 + two(2);
  const [month, day, hour, minute, second] = [two(5), two(8), two(11), two(14), two(17)];
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return Date.parse(ts);
  const value = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // A wrong character anywhere gives NaN or a date that does not read back the same: let Date.parse decide.
  if (
    !Number.isFinite(value) ||
    ts.charCodeAt(4) !== 45 ||
    ts.charCodeAt(7) !== 45 ||
    ts.charCodeAt(13) !== 58
  )
    return Date.parse(ts);
  for (const at of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
    const digit = d(at);
    if (digit < 0 || digit > 9) return Date.parse(ts);
  }
  return value;
}

/**
 * What a span's time counts as: a model request's, and a message's while it streams (AgentOS has no model-request
 * events: the model's time is its tokens'), is the model's; a tool call's the tools'; a wait is waiting.
 */
export function busyKind(kind: SpanKind): 'model' | 'tool' | 'wait' | undefined {
  if (kind === 'model' || kind === 'message') return 'model';
  return kind === 'tool' || kind === 'wait' ? kind : undefined;
}

function newLane(root: number): Lane {
  return { root, open: new Map(), containers: [], message: undefined, early: new Map() };
}

function makeSpan(id: number, parent: number, kind: SpanKind, name: string, detail: string): Span {
  return {
    id,
    parent,
    kind,
    name,
    detail,
    result: '',
    lane: '',
    start: NaN,
    end: NaN,
    state: 'open',
    text: '',
    events: [],
    children: [],
    errors: 0,
  };
}
