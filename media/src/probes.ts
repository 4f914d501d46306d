// The webview's answers to the host's test probes (probe-types.ts): what the panel shows, read off the DOM and the
// list, and a few actions a person would do. Loaded only when the extension runs its tests (dist/webview-probes.js
// is never packaged); it reads what main.ts leaves on `window.agentosPanel`.
import type {
  ProbeHeap,
  ProbeOp,
  ProbeScan,
  ProbeSnapshot,
  ProbeSteer,
  ProbeTrace,
} from '../../src/panel/probe-types';
import type { PanelView, RowDto, WebviewMessage } from '../../src/panel/protocol';
import { spanDetail, spanDurationMs } from '../../src/trace/text';
import { detailText, spanName, type TraceView } from './trace-view';
import type { Elements } from './dom';
import type { TypingView } from './typing-view';
import type { HeaderView } from './header-view';
import type { TimelineList } from './list';
import type { RowsView } from './rows-view';

interface Panel {
  ui: Elements;
  list: TimelineList;
  rows: RowsView;
  header: HeaderView;
  typing: TypingView;
  trace: TraceView;
  post(message: WebviewMessage): void;
  setView(view: PanelView): void;
  /** What typing in the search box does (after its debounce): both views filtered. */
  setSearch(text: string): void;
}

const panel = (window as unknown as { agentosPanel?: Panel }).agentosPanel;
if (panel) {
  window.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as { type?: unknown; id?: unknown; probe?: ProbeOp };
    if (message?.type === 'probe' && typeof message.id === 'number' && message.probe)
      answer(panel, message.id, message.probe);
  });
}

function answer(p: Panel, id: number, probe: ProbeOp): void {
  const { ui, list, rows } = p;
  let result: unknown;
  try {
    switch (probe.op) {
      case 'snapshot':
        list.render();
        result = snapshot(p, probe.includeOrds === true);
        break;
      case 'scan':
        result = scan(p);
        break;
      case 'search':
        p.setSearch(probe.text);
        list.render();
        result = snapshot(p, true);
        break;
      case 'types':
        rows.types.set({ only: probe.types, hidden: probe.hidden ?? [] });
        rows.applyFilters();
        list.render();
        result = snapshot(p, true);
        break;
      case 'expand':
        list.toggle(probe.ord, true);
        result = snapshot(p, false);
        break;
      case 'scrollTo':
        if (probe.position === 'top') list.scrollToTop();
        else if (probe.position === 'bottom') list.scrollToBottom();
        else list.scrollTo(probe.position);
        list.render();
        result = snapshot(p, false);
        break;
      case 'titleLines':
        result = titleLines(probe.width);
        break;
      case 'userScroll':
        ui.viewport.scrollTop = probe.y;
        list.render();
        result = snapshot(p, false);
        break;
      case 'click': {
        const el = {
          followNewSubRun: ui.bannerFollow,
          stop: ui.stop,
          resume: ui.resume,
          jumpLatest: ui.jump,
          retry: ui.retry,
          signIn: ui.signIn,
        }[probe.target];
        el.click();
        result = snapshot(p, false);
        break;
      }
      case 'key':
        list.pressKey(probe.key);
        result = snapshot(p, false);
        break;
      case 'steer':
        if (probe.act) steerAct(probe.act);
        result = steerSnapshot();
        break;
      case 'trace':
        if (!probe.brief) p.trace.render();
        result = traceSnapshot(p, probe.brief === true);
        break;
      case 'setView':
        (probe.view === 'trace' ? ui.viewTrace : ui.viewEvents).click();
        result = traceSnapshot(p);
        break;
      case 'traceClick':
        traceClick(p, probe.name, probe.action ?? 'select');
        result = traceSnapshot(p);
        break;
      case 'traceKey':
        p.trace.pressKey(probe.key);
        result = traceSnapshot(p);
        break;
      case 'traceCopy':
        ui.trace.copy.click();
        result = traceSnapshot(p);
        break;
      case 'heap':
        result = heapSnapshot();
        break;
      case 'clearStep':
        ui.stepChipClear.click();
        list.render();
        result = snapshot(p, true);
        break;
    }
  } catch (error) {
    result = { error: String(error) };
  }
  p.post({ type: 'probeResult', id, result });
}

function snapshot(p: Panel, includeOrds: boolean): ProbeSnapshot {
  const { ui, list, rows, header } = p;
  const held = list.rows;
  let contiguous = true;
  for (let i = 1; i < held.length; i++) {
    if ((held[i] as RowDto).ord !== (held[i - 1] as RowDto).ord + 1) {
      contiguous = false;
      break;
    }
  }
  const injectedElements = document.querySelectorAll(
    '#viewport img, #viewport script, #viewport svg, #viewport iframe, #viewport a[href], #viewport style, #viewport [onerror], #viewport [onclick], body > script:not([nonce])',
  ).length;
  const w = window as unknown as Record<string, unknown>;
  const globals = ['__pwned', 'pwned', '__xss'].filter((g) => w[g] !== undefined);
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  const snap: ProbeSnapshot = {
    count: held.length,
    firstOrd: held[0]?.ord ?? 0,
    lastOrd: list.lastOrd,
    contiguous,
    viewCount: list.viewCount,
    domOrds: list.domOrds(),
    domRows: ui.viewport.querySelectorAll('.row').length,
    domNodes: document.getElementsByTagName('*').length,
    matchText: ui.matchCount.textContent ?? '',
    connectionText: ui.connection.textContent ?? '',
    noticeText: ui.notice.hidden ? '' : (ui.noticeText.textContent ?? ''),
    connectionHistory: [...header.history],
    statusText: ui.status.textContent ?? '',
    headerText: (document.getElementById('header')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    bannerText: ui.banner.hidden ? '' : (ui.bannerText.textContent ?? ''),
    typingText: typingText(),
    typingHistory: [...p.typing.history],
    buttons: [ui.retry, ui.signIn, ui.stop, ui.resume, ui.cancel, ui.inbox]
      .filter((b) => !b.hidden)
      .map((b) => (b.textContent ?? '').trim()),
    atBottom: list.atBottom,
    scroll: {
      top: ui.viewport.scrollTop,
      height: ui.viewport.scrollHeight,
      client: ui.viewport.clientHeight,
    },
    jumpVisible: !ui.jump.hidden,
    expandedText: list.expandedText(),
    expandedMatches: list.expandedMatches(),
    activeRowColors: activeRowColors(ui),
    jumpCoversRow: jumpCoversRow(ui),
    payloadMatchOrds: list.payloadMatchOrds(),
    injected: { elements: injectedElements, globals },
    perf: { ...list.perf, latencies: [...list.perf.latencies], heapBytes: memory?.usedJSHeapSize },
    activeOrd: list.activeOrd(),
    view: document.body.dataset.view === 'trace' ? 'trace' : 'events',
    stepChip: ui.stepChip.hidden ? '' : (ui.stepChipText.textContent ?? ''),
  };
  if (rows.earlier) snap.loadingEarlier = { have: rows.earlier.rows.length, total: rows.earlier.total };
  if (includeOrds) {
    snap.ords = held.map((r) => r.ord);
    snap.viewOrds = list.viewOrds();
  }
  return snap;
}

function activeRowColors(ui: Elements): ProbeSnapshot['activeRowColors'] {
  const line = ui.viewport.querySelector<HTMLElement>('.row.active .line');
  if (!line) return undefined;
  const color = (selector: string): string => {
    const el = line.querySelector(selector);
    return el ? getComputedStyle(el).color : '';
  };
  return {
    line: getComputedStyle(line).color,
    time: color('.time'),
    label: color('.num'),
    type: color('.type'),
  };
}

function jumpCoversRow(ui: Elements): boolean {
  if (ui.jump.hidden) return false;
  const jump = ui.jump.getBoundingClientRect();
  const view = ui.viewport.getBoundingClientRect();
  for (const row of ui.viewport.querySelectorAll<HTMLElement>('.row')) {
    const r = row.getBoundingClientRect();
    // Only what is on screen counts: rows scrolled out of the viewport are not covered by anything.
    const top = Math.max(r.top, view.top);
    const bottom = Math.min(r.bottom, view.bottom);
    if (bottom > top && jump.top < bottom && jump.bottom > top) return true;
  }
  return false;
}

/** How many lines the title row takes at a given panel width (the buttons must never wrap). */
function titleLines(width: number): number {
  const before = document.body.style.width;
  document.body.style.width = `${width}px`;
  const row = document.querySelector<HTMLElement>('.title-row');
  let tallest = 1;
  for (const el of document.querySelectorAll<HTMLElement>('.title-row > *'))
    if (!el.hidden) tallest = Math.max(tallest, el.getBoundingClientRect().height);
  const lines = Math.round((row?.getBoundingClientRect().height ?? 0) / tallest);
  document.body.style.width = before;
  return lines;
}

/** Scrolls through the whole list, collecting the numbers of the rows the DOM shows on the way (not the model). */
function scan({ ui, list }: Panel): ProbeScan {
  const seen = new Set<number>();
  let maxDomRows = 0;
  const v = ui.viewport;
  list.scrollToTop();
  for (let guard = 0; guard < 1_000_000; guard++) {
    list.render();
    const rowsEls = v.querySelectorAll<HTMLElement>('.row');
    maxDomRows = Math.max(maxDomRows, rowsEls.length);
    const top = v.scrollTop;
    const bottom = top + v.clientHeight;
    for (const el of rowsEls) {
      const y = new DOMMatrixReadOnly(getComputedStyle(el).transform).m42;
      if (y + 1 < top || y > bottom) continue;
      seen.add(Number(el.dataset.ord));
    }
    if (top + v.clientHeight >= v.scrollHeight - 1) break;
    list.scrollTo(top + Math.max(22, v.clientHeight - 22));
  }
  list.scrollToBottom();
  return { ords: [...seen].sort((a, b) => a - b), maxDomRows };
}

type SteerAct = NonNullable<Extract<ProbeOp, { op: 'steer' }>['act']>;

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** Does what a person does: types and presses Send, or clicks a card's button (typing a reason first). */
function steerAct(act: SteerAct): void {
  if (act.do === 'send') {
    el<HTMLTextAreaElement>('message').value = act.text;
    el<HTMLButtonElement>('send').click();
    return;
  }
  if (act.do === 'interrupt') {
    el<HTMLButtonElement>('interrupt').click();
    return;
  }
  const card = [...document.querySelectorAll<HTMLElement>('.approval')].find((c) => c.dataset.id === act.id);
  if (!card) throw new Error(`no approval card for ${act.id}`);
  if (act.do === 'deny' && act.reason)
    card.querySelector<HTMLInputElement>('.approval-reason')!.value = act.reason;
  const label = act.do === 'allow' ? 'Allow' : 'Deny';
  const button = [...card.querySelectorAll('button')].find((b) => b.textContent === label);
  if (!button) throw new Error(`no ${label} button on the card for ${act.id}`);
  button.click();
}

function steerSnapshot(): ProbeSteer {
  return {
    shown: !el('steer').hidden,
    composerShown: !el('composer').hidden,
    sendDisabled: el<HTMLButtonElement>('send').disabled,
    interruptDisabled: el<HTMLButtonElement>('interrupt').disabled,
    message: el<HTMLTextAreaElement>('message').value,
    status: el('steer-status').textContent ?? '',
    cards: [...document.querySelectorAll<HTMLElement>('.approval')].map((card) => ({
      id: card.dataset.id ?? '',
      text: card.textContent ?? '',
      buttons: [...card.querySelectorAll('button')].map((b) => b.textContent ?? ''),
    })),
  };
}

function typingText(): string {
  const bar = document.getElementById('typing');
  return !bar || bar.hidden ? '' : (bar.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function heapSnapshot(): ProbeHeap {
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  const gc = (window as unknown as { gc?: () => void }).gc;
  // A webview served from the workbench's own origin runs in its process: the heap figure is both of theirs.
  let sharedWithWorkbench = false;
  try {
    sharedWithWorkbench = typeof window.top?.location.href === 'string';
  } catch {
    // cross-origin: a process of its own (with site isolation)
  }
  // Chromium refreshes the figure at most every 50 ms, so a collection asked for now shows in the next probe's.
  const bytes = memory?.usedJSHeapSize;
  const collected = typeof gc === 'function';
  if (collected) gc();
  return { bytes, collected, sharedWithWorkbench };
}

function traceSnapshot(p: Panel, brief = false): ProbeTrace {
  const { ui, trace } = p;
  const now = Date.now();
  const root = ui.trace.viewport;
  const w = window as unknown as Record<string, unknown>;
  return {
    view: document.body.dataset.view === 'trace' ? 'trace' : 'events',
    pressed: [
      ui.viewEvents.getAttribute('aria-pressed') === 'true',
      ui.viewTrace.getAttribute('aria-pressed') === 'true',
    ],
    summaryText: ui.trace.summary.textContent ?? '',
    rows: (brief ? [] : trace.shownRows()).map((row) => {
      const span = row.span;
      const out: ProbeTrace['rows'][number] = {
        id: span.id,
        name: spanName(span),
        kind: span.kind,
        state: span.state,
        durationMs: spanDurationMs(span, now),
        start: span.start,
        end: span.end,
        text: row.detail ? detailText(span) : span.text,
        detail: span.detail,
        result: span.result,
        line: spanDetail(span),
        level: row.level,
        expandable: row.expandable,
        expanded: row.expanded,
        isDetail: row.detail,
        events: [...span.events],
      };
      if (span.tokens) out.tokens = { ...span.tokens };
      return out;
    }),
    runEvents: brief ? [] : [...trace.fold.run.events],
    domRows: root.querySelectorAll('.trow').length,
    domDetails: [...root.querySelectorAll<HTMLElement>(brief ? ':not(*)' : '.tdetail-row')]
      .sort((a, b) => rowTop(a) - rowTop(b))
      .map((el) => el.textContent ?? ''),
    domLabels: [...root.querySelectorAll<HTMLElement>(brief ? ':not(*)' : '.trow[role="treeitem"]')]
      .sort((a, b) => rowTop(a) - rowTop(b))
      .map((el) => el.getAttribute('aria-label') ?? ''),
    active: trace.activeSpan ? spanName(trace.activeSpan) : undefined,
    typingText: ui.trace.typing.hidden ? '' : (ui.trace.typing.textContent ?? ''),
    folded: trace.fold.count,
    ...(trace.partial ? { partial: trace.partial } : {}),
    lastOrd: trace.fold.lastOrd,
    draws: trace.draws,
    busyMs: trace.busyMs,
    latencies: [...trace.latencies],
    arrivals: [...trace.arrivals],
    timeOrigin: performance.timeOrigin,
    drawnThrough: trace.drawnThrough.map((d) => [...d]),
    injected: {
      elements: document.querySelectorAll(
        '#trace img, #trace script, #trace svg, #trace iframe, #trace a[href], #trace style, #trace [onerror], #trace [onclick]',
      ).length,
      globals: ['__pwned', 'pwned', '__xss'].filter((g) => w[g] !== undefined),
    },
  };
}

function rowTop(el: HTMLElement): number {
  return new DOMMatrixReadOnly(getComputedStyle(el).transform).m42;
}

/** Clicks a trace row as a person does: scrolled into view first, then on the part asked for. */
function traceClick(p: Panel, name: string, action: 'select' | 'toggle' | 'events' | 'dblclick'): void {
  const row = p.trace.shownRows().find((r) => !r.detail && spanName(r.span) === name);
  if (!row) throw new Error(`no trace row named ${name}`);
  p.trace.select(row.span.id);
  const el = document.getElementById(`trace-row-${row.span.id}`);
  if (!el) throw new Error(`the trace row ${name} is not in the DOM`);
  const target =
    action === 'toggle'
      ? el.querySelector<HTMLElement>('.twisty')
      : action === 'events'
        ? el.querySelector<HTMLElement>('.tevents')
        : el.querySelector<HTMLElement>('.tname');
  if (!target) throw new Error(`the trace row ${name} has no ${action} target`);
  if (action === 'dblclick') {
    target.click();
    target.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
  } else target.click();
}
