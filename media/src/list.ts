// The virtualised timeline: every event is held in memory, but only the rows in (and just around) the viewport
// exist in the DOM. Collapsed rows have one fixed height; an expanded row's extra height is measured and kept, so
// positions stay exact. Keyboard: a tree with aria-activedescendant on the focusable viewport.
import type { RowDto } from '../../src/panel/protocol';
import { ROW_ICONS } from '../../src/backends/look';
import { clockTime } from '../../src/util/text';
import { appendMarked, renderJson } from './json';

export const ROW_HEIGHT = 22;
const OVERSCAN = 12;

const ICONS = new Set(ROW_ICONS);
const LEVELS = new Set(['info', 'error', 'success', 'warning', 'human']);

export interface ListCallbacks {
  copyEvent(cursor: string): void;
  openPayload(cursor: string): void;
  openLink(url: string): void;
  /** The user scrolled away from / back to the bottom. */
  stickChanged(stick: boolean): void;
}

interface Expanded {
  ord: number;
  /** Height beyond ROW_HEIGHT, measured once rendered. */
  extra: number;
}

export class TimelineList {
  /** Every event received, in ord order. */
  readonly rows: RowDto[] = [];
  /** Indices into `rows` that pass the filters, ascending. */
  private view: number[] = [];
  private filter: ((row: RowDto, index: number) => boolean) | undefined;
  private readonly expanded = new Map<number, Expanded>();
  /** Expanded rows by view position, for layout (rebuilt when the view or the expansion changes). */
  private layout: { index: number; extra: number }[] = [];
  private readonly els = new Map<number, HTMLElement>();
  private renderQueued = false;
  private hidden = false;
  private stick = true;
  /** The scrollTop the list set itself while sticking to the bottom (its scroll events are not the user's). */
  private ownScrollTop: number | undefined;
  private active = -1; // view position of the active row
  private highlight = '';
  /** Rows appended since the last render, for latency figures. */
  private fresh: RowDto[] = [];
  readonly perf = {
    rendered: 0,
    latencies: [] as number[],
    firstRenderAt: 0,
    lastRenderAt: 0,
    firstRowsAt: 0,
  };

  constructor(
    private readonly viewport: HTMLElement,
    private readonly spacer: HTMLElement,
    private readonly callbacks: ListCallbacks,
  ) {
    viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    viewport.addEventListener('keydown', (e) => this.onKey(e));
    viewport.addEventListener('click', (e) => this.onClick(e));
    new ResizeObserver(() => this.schedule()).observe(viewport);
  }

  get lastOrd(): number {
    return this.rows.length > 0 ? (this.rows[this.rows.length - 1] as RowDto).ord : 0;
  }

  get viewCount(): number {
    return this.view.length;
  }

  get atBottom(): boolean {
    return this.stick;
  }

  viewOrds(): number[] {
    return this.view.map((i) => (this.rows[i] as RowDto).ord);
  }

  domOrds(): number[] {
    return [...this.els.keys()].sort((a, b) => a - b);
  }

  append(rows: RowDto[]): void {
    for (const row of rows) {
      const index = this.rows.length;
      this.rows.push(row);
      if (!this.filter || this.filter(row, index)) this.view.push(index);
      this.fresh.push(row);
    }
    if (this.fresh.length > 20_000) this.fresh = this.fresh.slice(-20_000);
    this.schedule();
  }

  /** Restores rows held from before a reload (no latency figures for them). */
  restore(rows: RowDto[]): void {
    this.append(rows);
    this.fresh = [];
  }

  /**
   * Replaces every row (the preview of a long attempt's latest events gives way to its whole history). Expanded
   * rows, the active row and, when the user has scrolled away from the bottom, the row at the top stay put.
   */
  replaceAll(rows: RowDto[]): void {
    const anchor = this.stick ? undefined : this.topAnchor();
    const shownFrom = this.rows[0]?.ord ?? 0;
    const shownThrough = this.lastOrd;
    this.rows.length = 0;
    for (const row of rows) this.rows.push(row);
    // Rows not shown before count as rendered now (render figures), the ones shown already do not.
    this.fresh = rows.filter((r) => r.ord < shownFrom || r.ord > shownThrough);
    this.setFilter(this.filter, this.highlight);
    if (anchor) {
      const position = this.positionOf(anchor.ord);
      if (position >= 0) {
        this.spacer.style.height = `${this.totalHeight()}px`;
        this.viewport.scrollTop = this.offsetOf(position) + anchor.within;
      }
    }
  }

  /** The ord of the row at the top of the viewport and how far into it the viewport starts. */
  private topAnchor(): { ord: number; within: number } | undefined {
    const position = this.indexAt(this.viewport.scrollTop);
    const index = this.view[position];
    if (index === undefined) return undefined;
    return {
      ord: (this.rows[index] as RowDto).ord,
      within: this.viewport.scrollTop - this.offsetOf(position),
    };
  }

  setFilter(filter: ((row: RowDto, index: number) => boolean) | undefined, highlight: string): void {
    const activeOrd = this.activeOrd();
    this.filter = filter;
    this.highlight = highlight;
    this.view = [];
    for (let i = 0; i < this.rows.length; i++)
      if (!filter || filter(this.rows[i] as RowDto, i)) this.view.push(i);
    this.rebuildLayout();
    for (const el of this.els.values()) el.remove();
    this.els.clear();
    this.active = activeOrd === undefined ? -1 : this.positionOf(activeOrd);
    this.schedule();
  }

  // ---------------------------------------------------------------- layout

  private positionOf(ord: number): number {
    // rows are in ord order, so the view is too: binary search.
    let lo = 0;
    let hi = this.view.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = (this.rows[this.view[mid] as number] as RowDto).ord;
      if (s === ord) return mid;
      if (s < ord) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private rebuildLayout(): void {
    this.layout = [];
    for (const e of this.expanded.values()) {
      const index = this.positionOf(e.ord);
      if (index >= 0) this.layout.push({ index, extra: e.extra });
    }
    this.layout.sort((a, b) => a.index - b.index);
  }

  private offsetOf(index: number): number {
    let acc = 0;
    for (const e of this.layout) {
      if (e.index >= index) break;
      acc += e.extra;
    }
    return index * ROW_HEIGHT + acc;
  }

  private indexAt(y: number): number {
    let acc = 0;
    for (const e of this.layout) {
      const top = e.index * ROW_HEIGHT + acc;
      if (y < top) break;
      if (y < top + ROW_HEIGHT + e.extra) return e.index;
      acc += e.extra;
    }
    return Math.floor((y - acc) / ROW_HEIGHT);
  }

  private totalHeight(): number {
    let extra = 0;
    for (const e of this.layout) extra += e.extra;
    return this.view.length * ROW_HEIGHT + extra;
  }

  // ---------------------------------------------------------------- rendering

  /** While the Events view is hidden (the Trace view is shown), nothing is drawn: its layout work would only delay
   * the shown view's (reading the scroll height of a hidden list forces a layout of the document). */
  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    if (!hidden) this.schedule();
  }

  schedule(): void {
    if (this.renderQueued || this.hidden) return;
    this.renderQueued = true;
    // Animation frames stop in a hidden webview; the timer keeps the model and DOM in step regardless.
    const run = (): void => {
      if (!this.renderQueued) return;
      this.renderQueued = false;
      this.render();
    };
    requestAnimationFrame(run);
    setTimeout(run, 100);
  }

  /** Renders the rows around the viewport now (synchronously). */
  render(): void {
    const v = this.viewport;
    // Someone scrolled up since the list last stuck itself to the bottom, and the scroll event has not come yet (it
    // comes with the next frame; a timer-driven render can run first): that was the user leaving the bottom, and
    // sticking now would throw them back down, the scroll event then looking like the list's own.
    if (
      this.stick &&
      this.ownScrollTop !== undefined &&
      v.scrollTop < this.ownScrollTop - 1 &&
      // At the end of what is laid out, it was the browser clamping (the viewport grew), or the user went to the end.
      v.scrollTop + v.clientHeight < v.scrollHeight - ROW_HEIGHT / 2
    ) {
      this.stick = false;
      this.callbacks.stickChanged(false);
    }
    const height = this.totalHeight();
    this.spacer.style.height = `${height}px`;
    const viewportHeight = v.clientHeight || 400;
    if (this.stick) {
      v.scrollTop = v.scrollHeight; // clamped to the end, the room below the last row included
      this.ownScrollTop = v.scrollTop;
    }
    const top = this.viewport.scrollTop;
    const n = this.view.length;
    const first = Math.max(0, this.indexAt(top) - OVERSCAN);
    const last = Math.min(n - 1, this.indexAt(top + viewportHeight) + OVERSCAN);
    const wanted = new Set<number>();
    let remeasure = false;
    for (let i = first; i <= last; i++) {
      const index = this.view[i] as number;
      const row = this.rows[index] as RowDto;
      wanted.add(row.ord);
      let el = this.els.get(row.ord);
      if (!el) {
        el = this.createRow(row, i, n);
        this.els.set(row.ord, el);
        this.spacer.appendChild(el);
        const exp = this.expanded.get(row.ord);
        if (exp) {
          this.revealMatch(el);
          const extra = Math.max(0, el.offsetHeight - ROW_HEIGHT);
          if (extra !== exp.extra) {
            exp.extra = extra;
            remeasure = true;
          }
        }
      } else {
        el.setAttribute('aria-posinset', String(i + 1));
        el.setAttribute('aria-setsize', String(n));
      }
      el.style.transform = `translateY(${this.offsetOf(i)}px)`;
      el.classList.toggle('active', i === this.active);
      el.classList.toggle('group-start', this.startsGroup(i));
    }
    for (const [ord, el] of this.els) {
      if (!wanted.has(ord)) {
        el.remove();
        this.els.delete(ord);
      }
    }
    const activeOrd = this.activeOrd();
    if (activeOrd !== undefined && this.els.has(activeOrd))
      this.viewport.setAttribute('aria-activedescendant', `row-${activeOrd}`);
    else this.viewport.removeAttribute('aria-activedescendant');
    if (this.perf.firstRowsAt === 0 && this.els.size > 0) this.perf.firstRowsAt = Date.now();
    this.recordPerf();
    if (remeasure) {
      this.rebuildLayout();
      this.schedule();
    }
  }

  private recordPerf(): void {
    if (this.fresh.length === 0) return;
    const now = Date.now();
    if (this.perf.firstRenderAt === 0) this.perf.firstRenderAt = now;
    this.perf.lastRenderAt = now;
    this.perf.rendered += this.fresh.length;
    const lat = this.perf.latencies;
    for (const row of this.fresh) {
      if (!this.els.has(row.ord)) continue;
      const at = Date.parse(row.ts);
      if (Number.isFinite(at)) lat.push(now - at);
    }
    if (lat.length > 50_000) lat.splice(0, lat.length - 50_000);
    this.fresh = [];
  }

  private startsGroup(i: number): boolean {
    const row = this.rows[this.view[i] as number] as RowDto;
    if (!row.group) return false;
    if (i === 0) return true;
    const prev = this.rows[this.view[i - 1] as number] as RowDto;
    return prev.group !== row.group;
  }

  private createRow(row: RowDto, position: number, setSize: number): HTMLElement {
    const el = document.createElement('div');
    const level = LEVELS.has(row.level) ? row.level : 'info';
    el.className = `row level-${level}`;
    el.id = `row-${row.ord}`;
    el.dataset.ord = String(row.ord);
    el.setAttribute('role', 'treeitem');
    el.setAttribute('aria-level', '1');
    el.setAttribute('aria-posinset', String(position + 1));
    el.setAttribute('aria-setsize', String(setSize));
    const isExpanded = this.expanded.has(row.ord);
    el.setAttribute('aria-expanded', String(isExpanded));
    el.setAttribute('aria-label', `Event ${row.label}, ${row.type}, ${timeOf(row.ts)}. ${row.summary}`);

    const line = document.createElement('div');
    line.className = 'line';
    line.append(
      span(`twisty codicon codicon-chevron-${isExpanded ? 'down' : 'right'}`),
      span(`icon codicon codicon-${ICONS.has(row.icon) ? row.icon : 'circle-small-filled'}`),
      span('time', timeOf(row.ts)),
      span('num', row.label),
      span('type', row.type),
    );
    if (row.group) line.append(span('group', row.group));
    const summary = span('summary');
    // The group chip already names the node: do not repeat "node: " at the start of the summary.
    const node = row.group?.split(' · ')[0];
    const text =
      node && row.summary.startsWith(`${node}: `) ? row.summary.slice(node.length + 2) : row.summary;
    appendMarked(summary, text, this.highlight);
    line.append(summary);
    if (this.matchesOnlyInPayload(row)) {
      // Nothing on the line shows why the row matched: say the match is in the payload (expanding reveals it).
      const hint = span('payload-match codicon codicon-json');
      hint.removeAttribute('aria-hidden');
      hint.setAttribute('role', 'img');
      hint.setAttribute('aria-label', 'The search matches in the payload; expand to see it');
      hint.title = 'The search matches in the payload; expand to see it';
      line.append(hint);
      el.dataset.payloadMatch = 'true';
    }
    el.append(line);
    if (isExpanded) el.append(this.createDetail(row));
    return el;
  }

  private createDetail(row: RowDto): HTMLElement {
    const detail = document.createElement('div');
    detail.className = 'detail';
    const bar = document.createElement('div');
    bar.className = 'detail-bar';
    bar.append(button('copy', 'Copy JSON', 'copy'), button('open', 'Open in Editor', 'go-to-file'));
    if (row.pruned) bar.append(span('muted', 'Shortened for display — Open in Editor shows all of it.'));
    const pre = document.createElement('pre');
    pre.className = 'json';
    pre.tabIndex = -1;
    renderJson(pre, row.json, this.highlight);
    const summary = document.createElement('div');
    summary.className = 'detail-summary';
    summary.textContent = row.summary;
    detail.append(summary, bar, pre);
    return detail;
  }

  /** True when a search is on and the row matches it in its payload only (not in its type, node or summary). */
  private matchesOnlyInPayload(row: RowDto): boolean {
    const needle = this.highlight;
    if (!needle) return false;
    const line = `${row.type}\n${row.group ?? ''}\n${row.summary}`.toLowerCase();
    return !line.includes(needle) && row.json.toLowerCase().includes(needle);
  }

  /** Scrolls an expanded row's JSON (its own scroll box) so that the first search match shows. */
  private revealMatch(el: HTMLElement): void {
    const pre = el.querySelector<HTMLElement>('pre.json');
    const mark = pre?.querySelector<HTMLElement>('mark');
    if (!pre || !mark) return;
    const top = mark.getBoundingClientRect().top - pre.getBoundingClientRect().top + pre.scrollTop;
    if (top < pre.scrollTop || top > pre.scrollTop + pre.clientHeight - 20)
      pre.scrollTop = Math.max(0, top - pre.clientHeight / 3);
  }

  // ---------------------------------------------------------------- interaction

  private onScroll(): void {
    const v = this.viewport;
    // A scroll event from our own stick-to-bottom can arrive after more rows grew the list: not the user leaving.
    if (this.stick && this.ownScrollTop !== undefined && Math.abs(v.scrollTop - this.ownScrollTop) < 2) {
      this.schedule();
      return;
    }
    const stick = v.scrollTop + v.clientHeight >= v.scrollHeight - ROW_HEIGHT / 2;
    if (stick !== this.stick) {
      this.stick = stick;
      this.callbacks.stickChanged(stick);
    }
    this.schedule();
  }

  scrollToBottom(): void {
    this.stick = true;
    this.ownScrollTop = undefined; // sticking anew: where the list last stuck itself says nothing now
    this.callbacks.stickChanged(true);
    this.render();
  }

  scrollToTop(): void {
    this.stick = false;
    this.viewport.scrollTop = 0;
    this.callbacks.stickChanged(false);
    this.render();
  }

  scrollTo(y: number): void {
    this.stick = false;
    this.viewport.scrollTop = y;
    this.render();
  }

  activeOrd(): number | undefined {
    const index = this.view[this.active];
    return index === undefined ? undefined : (this.rows[index] as RowDto).ord;
  }

  toggle(ord: number, open?: boolean): void {
    const isOpen = this.expanded.has(ord);
    const want = open ?? !isOpen;
    if (want === isOpen) return;
    const position = this.positionOf(ord);
    // Keep the row where it is on screen (and stop auto-scrolling), unless it is the last one.
    const screenTop = position >= 0 ? this.offsetOf(position) - this.viewport.scrollTop : 0;
    if (want) this.expanded.set(ord, { ord, extra: 0 });
    else this.expanded.delete(ord);
    this.rebuildLayout();
    if (position >= 0 && position < this.view.length - 1 && this.stick) {
      this.stick = false;
      this.callbacks.stickChanged(false);
    }
    if (position >= 0 && !this.stick) {
      this.spacer.style.height = `${this.totalHeight()}px`;
      this.viewport.scrollTop = this.offsetOf(position) - screenTop;
    }
    const el = this.els.get(ord);
    if (el) {
      el.remove();
      this.els.delete(ord);
    }
    this.render();
  }

  expandedText(): string | undefined {
    for (const ord of this.expanded.keys()) {
      const el = this.els.get(ord);
      const pre = el?.querySelector('pre.json');
      if (pre) return pre.textContent ?? '';
    }
    return undefined;
  }

  /** The search matches marked in the first expanded row's JSON, and whether the first one is on screen there. */
  expandedMatches(): { count: number; firstVisible: boolean } | undefined {
    for (const ord of this.expanded.keys()) {
      const pre = this.els.get(ord)?.querySelector<HTMLElement>('pre.json');
      if (!pre) continue;
      const marks = pre.querySelectorAll<HTMLElement>('mark');
      const first = marks[0];
      if (!first) return { count: 0, firstVisible: false };
      const box = pre.getBoundingClientRect();
      const at = first.getBoundingClientRect();
      return { count: marks.length, firstVisible: at.top >= box.top && at.bottom <= box.bottom };
    }
    return undefined;
  }

  /** Seqs of the rows in the DOM that say the search matches in their payload. */
  payloadMatchOrds(): number[] {
    const ords: number[] = [];
    for (const [ord, el] of this.els) if (el.dataset.payloadMatch === 'true') ords.push(ord);
    return ords.sort((a, b) => a - b);
  }

  private setActive(position: number, scroll = true): void {
    const n = this.view.length;
    if (n === 0) return;
    this.active = Math.max(0, Math.min(n - 1, position));
    if (scroll) {
      const top = this.offsetOf(this.active);
      const v = this.viewport;
      if (top < v.scrollTop) this.scrollTo(top);
      else if (top + ROW_HEIGHT > v.scrollTop + v.clientHeight)
        this.scrollTo(top + ROW_HEIGHT - v.clientHeight);
      if (this.active === n - 1 && !this.stick) {
        this.stick = true;
        this.ownScrollTop = undefined;
      }
      this.callbacks.stickChanged(this.stick);
    }
    this.render();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.viewport) return;
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const ord = this.activeOrd();
    const from =
      this.active < 0
        ? this.stick
          ? this.view.length - 1
          : this.indexAt(this.viewport.scrollTop)
        : this.active;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        this.setActive(this.active < 0 ? from : from + 1);
        break;
      case 'ArrowUp':
      case 'k':
        this.setActive(this.active < 0 ? from : from - 1);
        break;
      case 'PageDown':
        this.setActive(from + page);
        break;
      case 'PageUp':
        this.setActive(from - page);
        break;
      case 'Home':
        this.setActive(0);
        break;
      case 'End':
        this.setActive(this.view.length - 1);
        this.scrollToBottom();
        break;
      case 'Enter':
      case ' ':
        if (ord !== undefined) this.toggle(ord);
        break;
      case 'ArrowRight':
        if (ord !== undefined) this.toggle(ord, true);
        break;
      case 'ArrowLeft':
        if (ord !== undefined) this.toggle(ord, false);
        break;
      case 'c':
        if (ord !== undefined) this.callbacks.copyEvent(this.cursorOf(ord));
        break;
      case 'o':
        if (ord !== undefined) this.callbacks.openPayload(this.cursorOf(ord));
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  }

  /** The cursor of a shown row (the host fetches the whole event by it). */
  private cursorOf(ord: number): string {
    const position = this.positionOf(ord);
    const row = position >= 0 ? this.rows[this.view[position] as number] : undefined;
    return row?.cursor ?? String(ord);
  }

  /** Key handling for tests (same path as a real key press on the focused list). */
  pressKey(key: string): void {
    this.viewport.focus();
    this.viewport.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>('.row');
    if (!rowEl) return;
    const ord = Number(rowEl.dataset.ord);
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action === 'copy') return this.callbacks.copyEvent(this.cursorOf(ord));
    if (action === 'open') return this.callbacks.openPayload(this.cursorOf(ord));
    const link = target.closest<HTMLElement>('[data-url]');
    if (link?.dataset.url) return this.callbacks.openLink(link.dataset.url);
    if (target.closest('.detail')) return; // selecting text in the JSON must not collapse the row
    const position = this.positionOf(ord);
    if (position >= 0) this.active = position;
    this.toggle(ord);
    this.viewport.focus({ preventScroll: true });
  }
}

function span(className: string, text?: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  if (className.includes('codicon')) el.setAttribute('aria-hidden', 'true');
  if (text !== undefined) el.textContent = text;
  return el;
}

function button(action: string, label: string, icon: string): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = 'secondary small';
  el.dataset.action = action;
  el.append(span(`codicon codicon-${icon}`), document.createTextNode(label));
  return el;
}

export const timeOf = clockTime;
