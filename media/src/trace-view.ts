// The Trace view: the same rows as the Events view, folded (src/trace/fold.ts) into a tree of spans — steps, turns,
// model requests, tool calls, messages, waits, sub-agents' lanes — with a summary strip and a waterfall on one time
// axis. The tree is virtualised like the timeline (only the rows on screen are in the DOM) and drawn only when
// something changed and the view is shown, at a pace set by what a draw costs (at most once a frame). Every piece
// of run data enters the DOM as text.
import type { TypingPreview } from '../../src/backends/types';
import type { RowDto } from '../../src/panel/protocol';
import { visibleRows, type TraceRow } from '../../src/trace/flatten';
import { isoTime, TraceFold } from '../../src/trace/fold';
import { traceMarkdown } from '../../src/trace/markdown';
import { summarize } from '../../src/trace/summary';
import { spanDetail, spanDurationMs, stateWord, summaryParts, tail } from '../../src/trace/text';
import { durationText } from '../../src/util/text';
import type { Span, SpanKind, SpanState } from '../../src/trace/types';

export const TRACE_ROW_HEIGHT = 22;
/** An expanded tool's or message's detail row: a fixed height, its text scrolls inside. */
export const TRACE_DETAIL_HEIGHT = 140;
const OVERSCAN = 8;
/**
 * The gap between two draws: ten times what the last one took (so drawing is at most about a tenth of the time),
 * but at least a frame and at most 100 ms. A small trace follows each batch as it comes; a large one at a high
 * rate is drawn less often.
 */
const DRAW_COST_FACTOR = 10;
const DRAW_GAP_MIN_MS = 16;
const DRAW_GAP_MAX_MS = 100;
const TICK_MS = 1_000;
const INDENT_PX = 14;

const KIND_ICONS: Record<SpanKind, string> = {
  run: 'pulse',
  lane: 'type-hierarchy-sub',
  step: 'symbol-event',
  turn: 'comment-discussion',
  model: 'sparkle',
  tool: 'tools',
  message: 'comment',
  wait: 'watch',
};

const STATE_ICONS: Record<SpanState, string> = {
  open: 'loading codicon-modifier-spin',
  ok: 'check',
  error: 'error',
  cancelled: 'circle-slash',
};

export interface TraceHooks {
  /** Show the Events view filtered to a span's events and its descendants' (`holds` says which, as they come). */
  showEvents(holds: (ord: number) => boolean, name: string): void;
  /** The Markdown of the trace, to copy. */
  copy(markdown: string): void;
  /** What the Markdown's heading says. */
  title(): string;
}

export interface TraceElements {
  root: HTMLElement;
  summary: HTMLElement;
  copy: HTMLButtonElement;
  viewport: HTMLElement;
  spacer: HTMLElement;
  empty: HTMLElement;
  typing: HTMLElement;
}

interface RowEls {
  el: HTMLElement;
  twisty: HTMLElement;
  icon: HTMLElement;
  name: HTMLElement;
  detail: HTMLElement;
  duration: HTMLElement;
  state: HTMLElement;
  stateIcon: HTMLElement;
  stateWord: HTMLElement;
  bar: HTMLElement;
  /** What the row last showed: redrawn only when it differs. */
  shown: string;
}

export class TraceView {
  /** The trace of every event from the first, as they come in order. */
  private readonly whole = new TraceFold();
  /**
   * While a long history loads behind the preview of its latest events (the Events view shows those at once): the
   * trace of those events alone, marked partial — steps that began before them are not in it. It gives way to the
   * whole trace once every event up to its last has been folded there.
   */
  private tail: { fold: TraceFold; through: number; total: number } | undefined;
  private visible = false;
  private search = '';
  private readonly expanded = new Map<number, boolean>();
  /** The rows shown, and the top of each (pixels); rebuilt when the fold, the expansion or the search change. */
  private rows: TraceRow[] = [];
  private tops: number[] = [];
  private height = 0;
  private builtVersion = -1;
  private structureDirty = true;
  private readonly els = new Map<string, RowEls>();
  private readonly details = new Map<string, { el: HTMLElement; shown: string }>();
  private active: number | undefined;
  private stick = true;
  private drawTimer: ReturnType<typeof setTimeout> | undefined;
  private lastDraw = 0;
  /** What the last draw took (ms): the next waits ten times that (see DRAW_COST_FACTOR). */
  private lastDrawMs = 0;
  private readonly tick: ReturnType<typeof setInterval>;
  /** Draws so far, and the time spent folding and drawing (tests read them: the trace must not slow the panel). */
  draws = 0;
  busyMs = 0;
  /** For benchmarks: each event's time from its timestamp to the draw that first showed it folded (ms). */
  readonly latencies: number[] = [];
  /** For benchmarks: the latest event each draw showed, when it changed, and the draw's time (epoch ms). */
  readonly drawnThrough: [ord: number, at: number][] = [];
  /** When the trace first showed events (epoch ms; 0: not yet). */
  private firstDrawnAt = 0;
  /** For benchmarks: each event's time from its timestamp to its arrival here (the part that is not the trace's). */
  readonly arrivals: number[] = [];
  /** The times of the events folded while shown since the last draw. */
  private undrawn: number[] = [];

  constructor(
    private readonly ui: TraceElements,
    private readonly hooks: TraceHooks,
  ) {
    ui.viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    ui.viewport.addEventListener('keydown', (e) => this.onKey(e));
    ui.viewport.addEventListener('click', (e) => this.onClick(e));
    ui.viewport.addEventListener('dblclick', (e) => this.onDoubleClick(e));
    ui.copy.addEventListener('click', () => this.hooks.copy(this.markdown()));
    new ResizeObserver(() => this.schedule()).observe(ui.viewport);
    // Open spans grow with the clock: while the run goes on, their bars and durations move each second.
    this.tick = setInterval(() => {
      if (this.visible && this.fold.run.state === 'open' && this.fold.count > 0) this.schedule();
    }, TICK_MS);
  }

  // ---------------------------------------------------------------- what comes in

  /** The trace shown: the partial one of a preview, or the whole one. */
  get fold(): TraceFold {
    return this.tail?.fold ?? this.whole;
  }

  /** Whether the trace shown is partial, and how far the whole one has come (events folded, of how many). */
  get partial(): { latest: number; have: number; total: number } | undefined {
    const tail = this.tail;
    return tail && { latest: tail.fold.count, have: this.whole.count, total: tail.total };
  }

  /** Rows that have just become contiguous from 1 (each comes here exactly once, in order). */
  add(rows: readonly RowDto[]): void {
    const started = performance.now();
    const arrived = Date.now();
    for (const row of rows) this.whole.add(row);
    if (this.tail && this.whole.count >= this.tail.through) {
      this.tail = undefined;
      this.foldReplaced();
    }
    if (this.visible && this.firstDrawnAt > 0)
      for (const row of rows) {
        const at = isoTime(row.ts);
        // Events from before the trace first showed anything are the panel's opening (its own figure), not latency.
        if (Number.isFinite(at) && at >= this.firstDrawnAt) {
          this.undrawn.push(at);
          this.arrivals.push(arrived - at);
        }
      }
    this.busyMs += performance.now() - started;
    this.schedule();
  }

  /**
   * A long history's latest events, shown ahead of it (`total`: the history's length then): they are folded alone, so
   * the trace shows how the run ends at once instead of after every earlier event has come.
   */
  showTail(rows: readonly RowDto[], total: number): void {
    const last = rows[rows.length - 1];
    if (!last || this.whole.count >= last.ord) return;
    const fold = new TraceFold();
    for (const row of rows) fold.add(row);
    this.tail = { fold, through: last.ord, total };
    this.foldReplaced();
  }

  /** Another fold is shown: its spans are not the last one's, so nothing drawn, open or chosen carries over. */
  private foldReplaced(): void {
    for (const row of this.els.values()) row.el.remove();
    this.els.clear();
    for (const detail of this.details.values()) detail.el.remove();
    this.details.clear();
    this.expanded.clear();
    this.active = undefined;
    this.stick = true;
    this.structureDirty = true;
    this.schedule();
  }

  setSearch(text: string): void {
    this.search = text.trim().toLowerCase();
    this.structureDirty = true;
    this.schedule();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.render();
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** Managed Agents' live typing, as a line under the tree. */
  setTyping(typing: TypingPreview | null): void {
    const line = this.ui.typing;
    line.hidden = typing === null;
    if (!typing) return;
    line.textContent = typing.thinking ? 'thinking…' : `typing… ${tail(typing.text, 300)}`;
  }

  markdown(): string {
    const partial = this.partial;
    const title = this.hooks.title();
    return traceMarkdown(
      this.fold,
      summarize(this.fold, Date.now()),
      partial ? `${title} (partial: the latest ${partial.latest} events)` : title,
    );
  }

  // ---------------------------------------------------------------- drawing

  schedule(): void {
    if (!this.visible || this.drawTimer !== undefined) return;
    const gap = Math.min(DRAW_GAP_MAX_MS, Math.max(DRAW_GAP_MIN_MS, this.lastDrawMs * DRAW_COST_FACTOR));
    const wait = Math.max(0, gap - (Date.now() - this.lastDraw));
    this.drawTimer = setTimeout(() => {
      requestAnimationFrame(() => {
        this.drawTimer = undefined;
        this.render();
      });
    }, wait);
  }

  /** The rows shown now (after expansion and search). */
  shownRows(): readonly TraceRow[] {
    this.build();
    return this.rows;
  }

  private build(): void {
    if (!this.structureDirty && this.builtVersion === this.fold.version) return;
    this.structureDirty = false;
    this.builtVersion = this.fold.version;
    this.rows = visibleRows(this.fold.spans, this.expanded, this.search);
    this.tops = new Array<number>(this.rows.length);
    let y = 0;
    for (let i = 0; i < this.rows.length; i++) {
      this.tops[i] = y;
      y += (this.rows[i] as TraceRow).detail ? TRACE_DETAIL_HEIGHT : TRACE_ROW_HEIGHT;
    }
    this.height = y;
  }

  render(): void {
    if (!this.visible) return;
    const started = performance.now();
    this.draw();
    this.lastDrawMs = performance.now() - started;
    this.busyMs += this.lastDrawMs;
  }

  private draw(): void {
    this.lastDraw = Date.now();
    if (this.firstDrawnAt === 0 && this.fold.count > 0) this.firstDrawnAt = this.lastDraw;
    const through = this.drawnThrough[this.drawnThrough.length - 1];
    if (this.fold.lastOrd !== (through?.[0] ?? 0) && this.drawnThrough.length < 10_000)
      this.drawnThrough.push([this.fold.lastOrd, this.lastDraw]);
    this.draws++;
    const now = Date.now();
    for (const at of this.undrawn) this.latencies.push(now - at);
    this.undrawn = [];
    if (this.latencies.length > 50_000) this.latencies.splice(0, this.latencies.length - 50_000);
    if (this.arrivals.length > 50_000) this.arrivals.splice(0, this.arrivals.length - 50_000);
    this.build();
    this.renderSummary(now);
    const v = this.ui.viewport;
    this.ui.spacer.style.height = `${this.height}px`;
    if (this.stick) v.scrollTop = v.scrollHeight;
    this.ui.empty.hidden = this.rows.length > 0;
    this.ui.empty.textContent =
      this.fold.count === 0
        ? 'Waiting for events…'
        : this.search
          ? 'No steps match the search.'
          : 'No steps yet.';
    const top = v.scrollTop;
    const bottom = top + (v.clientHeight || 400);
    const first = Math.max(0, this.indexAt(top) - OVERSCAN);
    const last = Math.min(this.rows.length - 1, this.indexAt(bottom) + OVERSCAN);
    const axis = this.axis(now);
    const wanted = new Set<string>();
    for (let i = first; i <= last; i++) {
      const row = this.rows[i] as TraceRow;
      const key = `${row.detail ? 'd' : 's'}${row.span.id}`;
      wanted.add(key);
      const el = row.detail ? this.drawDetail(key, row) : this.drawRow(key, row, i, axis, now);
      el.style.transform = `translateY(${this.tops[i] as number}px)`;
    }
    for (const [key, row] of this.els)
      if (!wanted.has(key)) {
        row.el.remove();
        this.els.delete(key);
      }
    for (const [key, detail] of this.details)
      if (!wanted.has(key)) {
        detail.el.remove();
        this.details.delete(key);
      }
    if (this.active !== undefined && this.els.has(`s${this.active}`))
      v.setAttribute('aria-activedescendant', `trace-row-${this.active}`);
    else v.removeAttribute('aria-activedescendant');
  }

  private renderSummary(now: number): void {
    const parts = this.fold.count === 0 ? [] : summaryParts(summarize(this.fold, now));
    const partial = this.partial;
    if (partial)
      parts.unshift(
        `Partial: the latest ${partial.latest.toLocaleString()} events only; loading the earlier ones (${partial.have.toLocaleString()} of ${partial.total.toLocaleString()})`,
      );
    const text = parts.join(' · ');
    if (this.ui.summary.textContent !== text) this.ui.summary.textContent = text;
  }

  /** The time axis of the waterfall: the run's start to its end, or to now while it goes on. */
  private axis(now: number): { from: number; span: number } {
    const run = this.fold.run;
    const from = Number.isNaN(run.start) ? this.fold.first : run.start;
    const to = run.state === 'open' ? Math.max(now, this.fold.last) : run.end;
    return { from, span: Number.isFinite(to - from) && to > from ? to - from : 1 };
  }

  private drawRow(
    key: string,
    row: TraceRow,
    index: number,
    axis: { from: number; span: number },
    now: number,
  ) {
    let els = this.els.get(key);
    if (!els) {
      els = this.createRow(row.span.id);
      this.els.set(key, els);
      this.ui.spacer.append(els.el);
    }
    const span = row.span;
    const ms = spanDurationMs(span, now);
    // A message that came whole (Managed Agents) took no time of its own: "0 ms" would only be noise.
    const whole = span.kind === 'message' && span.state !== 'open' && ms === 0;
    const duration = ms === undefined || whole ? '' : durationText(ms);
    const start = Number.isNaN(span.start) ? axis.from : span.start;
    const end = span.state === 'open' || Number.isNaN(span.end) ? Math.max(now, start) : span.end;
    const left = Math.min(100, Math.max(0, ((start - axis.from) / axis.span) * 100));
    const width = Math.min(100 - left, Math.max(0, ((end - start) / axis.span) * 100));
    const detail = spanDetail(span);
    const shown = [
      span.name,
      span.state,
      duration,
      detail,
      row.level,
      row.expandable,
      row.expanded,
      left.toFixed(2),
      width.toFixed(2),
      span.errors,
      this.active === span.id,
      index,
      this.rows.length,
    ].join('\u0000');
    if (shown === els.shown) return els.el;
    els.shown = shown;
    const { el } = els;
    el.className = `trow kind-${span.kind} state-${span.state}${span.errors > 0 ? ' has-errors' : ''}${
      this.active === span.id ? ' active' : ''
    }`;
    el.setAttribute('aria-level', String(row.level));
    el.setAttribute('aria-posinset', String(index + 1));
    el.setAttribute('aria-setsize', String(this.rows.length));
    el.setAttribute('aria-selected', String(this.active === span.id));
    if (row.expandable) el.setAttribute('aria-expanded', String(row.expanded));
    else el.removeAttribute('aria-expanded');
    const label = spanName(span);
    el.setAttribute(
      'aria-label',
      `${kindWord(span.kind)} ${label}, ${stateWord(span.state)}${duration ? `, ${duration}` : ''}${
        detail ? `. ${detail}` : ''
      }`,
    );
    (el.firstElementChild as HTMLElement).style.paddingLeft = `${6 + (row.level - 1) * INDENT_PX}px`;
    els.twisty.className = `twisty codicon ${
      row.expandable ? `codicon-chevron-${row.expanded ? 'down' : 'right'}` : 'codicon-blank'
    }`;
    els.icon.className = `ticon codicon codicon-${KIND_ICONS[span.kind]}`;
    els.name.textContent = label;
    els.detail.textContent = detail;
    els.duration.textContent = duration;
    els.stateIcon.className = `codicon codicon-${STATE_ICONS[span.state]}`;
    els.stateWord.textContent = span.state === 'ok' ? '' : stateWord(span.state);
    els.state.title = stateWord(span.state);
    els.bar.style.left = `${left}%`;
    els.bar.style.width = `${width}%`;
    return el;
  }

  private createRow(id: number): RowEls {
    const el = document.createElement('div');
    el.id = `trace-row-${id}`;
    el.dataset.id = String(id);
    el.setAttribute('role', 'treeitem');
    const line = document.createElement('div');
    line.className = 'tline';
    const twisty = part('span', 'twisty codicon');
    twisty.dataset.action = 'toggle';
    const icon = part('span', 'ticon codicon');
    const name = part('span', 'tname');
    const detail = part('span', 'tdetail');
    const duration = part('span', 'tdur');
    const state = part('span', 'tstate');
    const stateIcon = part('span', 'codicon');
    stateIcon.setAttribute('aria-hidden', 'true');
    const stateWord = part('span', 'tstate-word');
    state.append(stateIcon, stateWord);
    const waterfall = part('span', 'twf');
    waterfall.setAttribute('aria-hidden', 'true');
    const bar = part('span', 'twf-bar');
    waterfall.append(bar);
    const events = document.createElement('button');
    events.type = 'button';
    events.className = 'icon-button tevents';
    events.dataset.action = 'events';
    events.title = 'Show these events';
    events.setAttribute('aria-label', 'Show these events');
    events.tabIndex = -1;
    events.append(part('span', 'codicon codicon-list-filter'));
    for (const c of [twisty, icon]) c.setAttribute('aria-hidden', 'true');
    line.append(twisty, icon, name, detail, duration, state, waterfall, events);
    el.append(line);
    return { el, twisty, icon, name, detail, duration, state, stateIcon, stateWord, bar, shown: '' };
  }

  private drawDetail(key: string, row: TraceRow): HTMLElement {
    let detail = this.details.get(key);
    if (!detail) {
      const el = document.createElement('div');
      el.className = 'trow tdetail-row';
      el.setAttribute('role', 'none');
      const pre = document.createElement('pre');
      pre.className = 'tdetail-text';
      pre.tabIndex = -1;
      el.append(pre);
      detail = { el, shown: '' };
      this.details.set(key, detail);
      this.ui.spacer.append(el);
    }
    const text = detailText(row.span);
    const indent = `${6 + (row.level - 1) * INDENT_PX}px`;
    if (detail.shown !== text + indent) {
      detail.shown = text + indent;
      const pre = detail.el.firstElementChild as HTMLElement;
      pre.textContent = text;
      pre.style.marginLeft = indent;
    }
    return detail.el;
  }

  private indexAt(y: number): number {
    let lo = 0;
    let hi = this.tops.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.tops[mid] as number) <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // ---------------------------------------------------------------- interaction

  toggle(id: number, open?: boolean): void {
    this.build();
    const row = this.rows.find((r) => !r.detail && r.span.id === id);
    if (!row?.expandable) return;
    const want = open ?? !row.expanded;
    if (want === row.expanded) return;
    this.expanded.set(id, want);
    this.structureDirty = true;
    this.stick = false;
    this.render();
  }

  select(id: number | undefined): void {
    this.active = id;
    if (id !== undefined) this.reveal(id);
    this.render();
  }

  get activeSpan(): Span | undefined {
    return this.active === undefined ? undefined : this.fold.spans[this.active];
  }

  showEvents(id: number): void {
    const span = this.fold.spans[id];
    // A test, not a list: the events that a still-open step gets later show too.
    // The fold the span is from: a partial trace's ids are not the whole one's.
    const fold = this.fold;
    if (span) this.hooks.showEvents((ord) => fold.within(ord, id), spanName(span));
  }

  private reveal(id: number): void {
    this.build();
    const index = this.rows.findIndex((r) => !r.detail && r.span.id === id);
    if (index < 0) return;
    const v = this.ui.viewport;
    const top = this.tops[index] as number;
    if (top < v.scrollTop) {
      this.stick = false;
      v.scrollTop = top;
    } else if (top + TRACE_ROW_HEIGHT > v.scrollTop + v.clientHeight) {
      v.scrollTop = top + TRACE_ROW_HEIGHT - v.clientHeight;
    }
  }

  private onScroll(): void {
    const v = this.ui.viewport;
    this.stick = v.scrollTop + v.clientHeight >= v.scrollHeight - TRACE_ROW_HEIGHT / 2;
    this.schedule();
  }

  /** Span rows' positions in `rows` (detail rows are not stops for the keyboard). */
  private spanIndices(): number[] {
    const out: number[] = [];
    this.rows.forEach((r, i) => {
      if (!r.detail) out.push(i);
    });
    return out;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.ui.viewport) return;
    this.build();
    const stops = this.spanIndices();
    if (stops.length === 0) return;
    const at = stops.findIndex((i) => (this.rows[i] as TraceRow).span.id === this.active);
    const rowAt = (stop: number): TraceRow => this.rows[stops[stop] as number] as TraceRow;
    const current = at >= 0 ? rowAt(at) : undefined;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        this.select(rowAt(at < 0 ? 0 : Math.min(stops.length - 1, at + 1)).span.id);
        break;
      case 'ArrowUp':
        this.select(rowAt(at < 0 ? stops.length - 1 : Math.max(0, at - 1)).span.id);
        break;
      case 'Home':
        this.select(rowAt(0).span.id);
        break;
      case 'End':
        this.select(rowAt(stops.length - 1).span.id);
        break;
      case 'ArrowRight':
        if (!current) this.select(rowAt(0).span.id);
        else if (current.expandable && !current.expanded) this.toggle(current.span.id, true);
        else if (current.expanded && current.span.children.length > 0 && at + 1 < stops.length)
          this.select(rowAt(at + 1).span.id);
        break;
      case 'ArrowLeft':
        if (!current) break;
        if (current.expanded) this.toggle(current.span.id, false);
        else if (current.span.parent > 0) this.select(current.span.parent);
        break;
      case 'Enter':
        if (current) this.showEvents(current.span.id);
        break;
      case ' ':
        if (current) this.toggle(current.span.id);
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  }

  /** Key handling for tests (the same path as a key pressed on the focused tree). */
  pressKey(key: string): void {
    this.ui.viewport.focus();
    this.ui.viewport.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }

  private rowId(target: EventTarget | null): number | undefined {
    const el = (target as HTMLElement | null)?.closest<HTMLElement>('.trow[data-id]');
    return el ? Number(el.dataset.id) : undefined;
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const id = this.rowId(target);
    if (id === undefined) return;
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    this.active = id;
    if (action === 'events') return this.showEvents(id);
    if (action === 'toggle') this.toggle(id);
    else this.render();
    this.ui.viewport.focus({ preventScroll: true });
  }

  private onDoubleClick(e: MouseEvent): void {
    const id = this.rowId(e.target);
    if (id !== undefined && !(e.target as HTMLElement).closest('[data-action]')) this.showEvents(id);
  }

  dispose(): void {
    clearInterval(this.tick);
  }
}

function part(tag: string, className: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  return el;
}

/** A message has no name of its own: its first words stand for it. */
export function spanName(span: Span): string {
  if (span.kind === 'message') return 'message';
  if (span.kind === 'lane') return `sub-agent: ${span.name}`;
  return span.name;
}

function kindWord(kind: SpanKind): string {
  return kind === 'model' ? 'model request' : kind === 'lane' ? 'lane' : kind;
}

/** What an expanded row shows whole: a tool's input and result, a message's text, a step's output. */
export function detailText(span: Span): string {
  if (span.kind === 'message') return span.text;
  const parts: string[] = [];
  if (span.detail) parts.push(`${span.kind === 'tool' ? 'Input' : 'Detail'}: ${span.detail}`);
  if (span.result) parts.push(`${span.kind === 'tool' ? 'Result' : 'Output'}: ${span.result}`);
  if (span.text) parts.push(span.text);
  return parts.join('\n\n');
}
