// Webview script for the Follow Run panel (bundled by esbuild as a browser IIFE). It holds the rows, renders the
// header and a virtualised timeline, and talks to the extension only through the typed protocol. Every piece of
// run data enters the DOM through textContent.
import type {
  ConnectionView,
  HeaderDto,
  HostMessage,
  ProbeOp,
  ProbeSnapshot,
  RowDto,
  WebviewMessage,
} from '../../src/panel/protocol';
import { elapsedText as duration } from '../../src/panel/elapsed';
import { unpackRows } from '../../src/panel/row-pack';
import { TimelineList } from './list';
import { TypeFilter } from './type-filter';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  target?: { connectionId: string; runId: string; attemptId: string };
  rows?: RowDto[];
  search?: string;
  /** Types shown alone (several at once). */
  types?: string[];
  /** Types hidden. */
  hiddenTypes?: string[];
}

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
};

const ui = {
  agent: $('agent'),
  status: $('status'),
  connection: $('connection'),
  notice: $('notice'),
  noticeIcon: $('notice-icon'),
  noticeText: $('notice-text'),
  retry: $<HTMLButtonElement>('retry'),
  retryLabel: $('retry-label'),
  signIn: $<HTMLButtonElement>('sign-in'),
  stop: $<HTMLButtonElement>('stop'),
  resume: $<HTMLButtonElement>('resume'),
  cancel: $<HTMLButtonElement>('cancel'),
  inbox: $<HTMLButtonElement>('inbox'),
  runId: $('run-id'),
  copyRunId: $<HTMLButtonElement>('copy-run-id'),
  attempt: $('attempt'),
  elapsed: $('elapsed'),
  count: $('count'),
  connectionName: $('connection-name'),
  endNote: $('end-note'),
  banner: $('banner'),
  bannerText: $('banner-text'),
  bannerFollow: $<HTMLButtonElement>('banner-follow'),
  bannerDismiss: $<HTMLButtonElement>('banner-dismiss'),
  search: $<HTMLInputElement>('search'),
  matchCount: $('match-count'),
  types: $('types'),
  clearFilters: $<HTMLButtonElement>('clear-filters'),
  viewport: $('viewport'),
  spacer: $('spacer'),
  empty: $('empty'),
  jump: $<HTMLButtonElement>('jump'),
  jumpText: $('jump-text'),
  live: $('live'),
  loading: $('loading'),
  loadingText: $('loading-text'),
};

const post = (message: WebviewMessage): void => vscode.postMessage(message);

let header: HeaderDto | undefined;
let target: SavedState['target'];
let connection: ConnectionView = { kind: 'connecting' };
let connectionSince = Date.now();
let newAttempt: { attemptId: string; attemptNo?: number } | undefined;
let unseen = 0;
/**
 * While a long attempt's latest events (a preview) are what the list shows, ahead of its history: the rows received
 * so far, in seq order from 1, not shown yet, and the attempt's length when the preview was taken.
 */
let earlier: { rows: RowDto[]; total: number } | undefined;

const list = new TimelineList(ui.viewport, ui.spacer, {
  copyEvent: (seq) => post({ type: 'copyEvent', seq }),
  openPayload: (seq) => post({ type: 'openPayload', seq }),
  openLink: (url) => {
    if (/^https?:\/\//i.test(url)) post({ type: 'openLink', url });
  },
  stickChanged: (stick) => {
    if (stick) unseen = 0;
    updateJump();
  },
});

// ---------------------------------------------------------------- filters and search

let searchText = '';
const haystacks: (string | undefined)[] = [];
const types = new TypeFilter(ui.types, () => applyFilters());
ui.clearFilters.addEventListener('click', () => {
  types.set({ only: [], hidden: [] });
  ui.search.value = '';
  setSearch('');
});

function haystack(row: RowDto, index: number): string {
  let h = haystacks[index];
  if (h === undefined) {
    h = `${row.type}\n${row.group ?? ''}\n${row.summary}\n${row.json}`.toLowerCase();
    haystacks[index] = h;
  }
  return h;
}

function currentFilter(): ((row: RowDto, index: number) => boolean) | undefined {
  const needle = searchText;
  const typeShown = types.predicate();
  if (!needle && !typeShown) return undefined;
  return (row, index) =>
    (!typeShown || typeShown(row.type)) && (!needle || haystack(row, index).includes(needle));
}

function applyFilters(): void {
  list.setFilter(currentFilter(), searchText);
  updateCounts();
  saveSoon();
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
ui.search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => setSearch(ui.search.value), 120);
});
ui.search.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && ui.search.value) {
    ui.search.value = '';
    setSearch('');
    e.preventDefault();
  } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
    ui.viewport.focus();
    e.preventDefault();
  }
});

function setSearch(text: string): void {
  searchText = text.trim().toLowerCase();
  applyFilters();
}

function noteTypes(rows: RowDto[]): void {
  types.note(rows.map((row) => row.type));
}

function updateCounts(): void {
  const total = list.rows.length;
  ui.count.textContent = earlier
    ? `${Math.max(earlier.total, list.lastSeq).toLocaleString()} events`
    : `${total.toLocaleString()} event${total === 1 ? '' : 's'}`;
  updateLoading();
  const filtered = searchText !== '' || types.active;
  ui.clearFilters.hidden = !filtered;
  ui.matchCount.textContent = filtered
    ? `${list.viewCount.toLocaleString()} of ${total.toLocaleString()} match`
    : '';
  ui.empty.hidden = list.viewCount > 0;
  ui.empty.textContent = total > 0 ? 'No events match the filters.' : 'Waiting for events…';
}

// ---------------------------------------------------------------- header

const STATUS_ICONS: Record<string, string> = {
  running: 'sync~spin',
  resumed: 'sync~spin',
  waiting_for_human: 'person',
  queued: 'clock',
  completed: 'pass-filled',
  failed: 'error',
  cancelled: 'circle-slash',
};

function setIconText(el: HTMLElement, icon: string | undefined, text: string): void {
  el.textContent = '';
  if (icon) {
    const i = document.createElement('span');
    const [name, modifier] = icon.split('~');
    i.className = `codicon codicon-${name}${modifier ? ` codicon-modifier-${modifier}` : ''}`;
    i.setAttribute('aria-hidden', 'true');
    el.append(i);
  }
  el.append(document.createTextNode(text));
}

function renderHeader(): void {
  if (!header) return;
  const h = header;
  ui.agent.textContent = h.agentName ?? 'Run';
  ui.agent.title = h.agentId ? `Agent ${h.agentId}` : '';
  ui.runId.textContent = h.runId;
  const status = h.status ?? 'unknown';
  ui.status.className = `badge status-${/^[a-z_]+$/.test(status) ? status : 'unknown'}`;
  setIconText(ui.status, STATUS_ICONS[status] ?? 'circle-outline', status.replace(/_/g, ' '));
  ui.attempt.textContent = h.attemptNo
    ? `Attempt ${h.attemptNo} of ${Math.max(h.attemptCount ?? h.attemptNo, h.attemptNo)}`
    : 'Attempt …';
  ui.attempt.title = `Attempt ${h.attemptId}`;
  ui.connectionName.textContent = h.connectionName;
  ui.cancel.hidden = !h.canCancel;
  ui.inbox.hidden = !h.hasInbox;
  renderElapsed();
  renderEndNote();
}

function startTime(): number | undefined {
  const first = list.rows[0];
  const fromRow = first && first.seq === 1 ? Date.parse(first.ts) : NaN;
  if (Number.isFinite(fromRow)) return fromRow;
  const fromRun = Date.parse(header?.startedAt ?? '');
  return Number.isFinite(fromRun) ? fromRun : undefined;
}

function endTime(): number | undefined {
  const last = list.rows[list.rows.length - 1];
  if (connection.kind === 'ended' && last) {
    const t = Date.parse(last.ts);
    if (Number.isFinite(t)) return t;
  }
  const fromRun = Date.parse(header?.endedAt ?? '');
  return Number.isFinite(fromRun) ? fromRun : undefined;
}

function renderElapsed(): void {
  const start = startTime();
  if (start === undefined) {
    ui.elapsed.textContent = '—';
    return;
  }
  const end = endTime() ?? Date.now();
  ui.elapsed.textContent = duration(end - start);
}

function renderEndNote(): void {
  if (connection.kind !== 'ended') {
    ui.endNote.hidden = true;
    return;
  }
  const last = list.rows[list.rows.length - 1];
  const status = header?.status ?? 'ended';
  ui.endNote.hidden = false;
  ui.endNote.className = `end-note status-${/^[a-z_]+$/.test(status) ? status : 'unknown'}`;
  const verb =
    status === 'completed'
      ? 'Run completed'
      : status === 'failed'
        ? 'Run failed'
        : status === 'cancelled'
          ? 'Run cancelled'
          : 'Run ended';
  const start = startTime();
  const end = endTime();
  const took = start !== undefined && end !== undefined ? ` after ${duration(end - start)}` : '';
  const icon = STATUS_ICONS[status];
  setIconText(ui.endNote, icon && !icon.includes('~') ? icon : 'info', ` ${verb}${took}.`);
  const detail = last?.summary.replace(/^Run (finished|failed|cancelled):?\s*/i, '');
  if (detail) {
    const span = document.createElement('span');
    span.className = 'end-detail';
    span.textContent = ` ${detail}`;
    ui.endNote.append(span);
  }
  const follow = document.createElement('span');
  follow.className = 'muted';
  follow.textContent = ' — following stopped.';
  ui.endNote.append(follow);
}

function connectionText(): { icon?: string; text: string } {
  const c = connection;
  switch (c.kind) {
    case 'connecting':
      return { icon: 'loading~spin', text: 'Connecting…' };
    case 'live':
      return { icon: 'radio-tower', text: 'Live' };
    case 'reconnecting': {
      const left = Math.max(0, Math.ceil((connectionSince + c.delayMs - Date.now()) / 1000));
      return { icon: 'debug-disconnect', text: `Reconnecting in ${left} s (attempt ${c.attempt})` };
    }
    case 'polling':
      return { icon: 'history', text: 'Polling' };
    case 'ended':
      return { icon: 'stop-circle', text: 'Ended' };
    case 'failed':
      return { icon: 'warning', text: 'Stream failed' };
    case 'stopped':
      return { icon: 'debug-pause', text: 'Not following' };
    case 'signedOut':
      return { icon: 'sign-out', text: 'Signed out' };
  }
}

/** The notice under the header: why the stream is not live, in words, and what to do about it. */
function noticeFor(
  c: ConnectionView,
): { level: 'warning' | 'error' | 'info'; icon: string; text: string } | undefined {
  const after = list.lastSeq > 0 ? ` after event #${list.lastSeq}` : '';
  switch (c.kind) {
    case 'reconnecting':
      return { level: 'warning', icon: 'debug-disconnect', text: `The stream broke: ${c.reason}.` };
    case 'polling':
      return { level: 'info', icon: 'history', text: `Polling for events: ${c.reason}.` };
    case 'failed':
      return { level: 'error', icon: 'error', text: `Stream failed: ${c.reason}` };
    case 'signedOut':
      return {
        level: 'warning',
        icon: 'sign-out',
        text: `Signed out of ${c.connectionName}: nothing is sent with the old key. Sign in to go on${after}.`,
      };
    default:
      return undefined;
  }
}

function renderConnection(): void {
  const { icon, text } = connectionText();
  setIconText(ui.connection, icon, text);
  ui.connection.className = `connection conn-${connection.kind}`;
  const reason = 'reason' in connection ? connection.reason : '';
  ui.connection.title = reason;
  const notice = noticeFor(connection);
  ui.notice.hidden = !notice;
  if (notice) {
    ui.notice.className = `notice notice-${notice.level}`;
    ui.noticeIcon.className = `codicon codicon-${notice.icon}`;
    ui.noticeText.textContent = notice.text;
  }
  const following =
    connection.kind !== 'stopped' &&
    connection.kind !== 'ended' &&
    connection.kind !== 'failed' &&
    connection.kind !== 'signedOut';
  ui.retry.hidden = !(connection.kind === 'failed' || connection.kind === 'reconnecting');
  ui.retryLabel.textContent = connection.kind === 'reconnecting' ? 'Retry now' : 'Retry';
  ui.signIn.hidden = connection.kind !== 'signedOut';
  ui.stop.hidden = !following;
  ui.resume.hidden = connection.kind !== 'stopped';
  renderEndNote();
}

const connectionHistory: string[] = [];

function setConnection(next: ConnectionView): void {
  const before = connection.kind;
  connection = next;
  connectionSince = Date.now();
  renderConnection();
  connectionHistory.push(ui.connection.textContent ?? '');
  if (connectionHistory.length > 50) connectionHistory.shift();
  renderElapsed();
  if (before !== next.kind) {
    const reason = 'reason' in next ? `: ${next.reason}` : '';
    announce(`${connectionText().text}${reason}`);
  }
}

function announce(text: string): void {
  ui.live.textContent = text;
}

setInterval(() => {
  renderElapsed();
  if (connection.kind === 'reconnecting') renderConnection();
}, 1000);

// ---------------------------------------------------------------- new attempt banner, jump to latest, buttons

function showNewAttempt(attemptId: string, attemptNo: number | undefined): void {
  newAttempt = { attemptId, attemptNo };
  ui.bannerText.textContent = `A new attempt${attemptNo ? ` (attempt ${attemptNo})` : ''} of this run has started.`;
  ui.bannerFollow.textContent = attemptNo ? `Follow attempt ${attemptNo}` : 'Follow it';
  ui.banner.hidden = false;
}

function updateJump(): void {
  const show = !list.atBottom && list.viewCount > 0;
  ui.jump.hidden = !show;
  ui.jumpText.textContent = unseen > 0 ? `Jump to latest (${unseen.toLocaleString()} new)` : 'Jump to latest';
}

ui.jump.addEventListener('click', () => {
  list.scrollToBottom();
  ui.viewport.focus({ preventScroll: true });
});
ui.bannerFollow.addEventListener('click', () => {
  if (newAttempt) post({ type: 'followAttempt', attemptId: newAttempt.attemptId });
});
ui.bannerDismiss.addEventListener('click', () => {
  ui.banner.hidden = true;
});
ui.retry.addEventListener('click', () => post({ type: 'retry' }));
ui.signIn.addEventListener('click', () => post({ type: 'signIn' }));
ui.stop.addEventListener('click', () => post({ type: 'stop' }));
ui.resume.addEventListener('click', () => post({ type: 'resume' }));
ui.cancel.addEventListener('click', () => post({ type: 'cancelRun' }));
ui.inbox.addEventListener('click', () => post({ type: 'openInbox' }));
ui.copyRunId.addEventListener('click', () => post({ type: 'copyRunId' }));
document.addEventListener('keydown', (e) => {
  if (e.key === '/' && document.activeElement !== ui.search) {
    ui.search.focus();
    e.preventDefault();
  }
});

// ---------------------------------------------------------------- rows

function receive(rows: RowDto[]): void {
  if (rows.length === 0) return;
  const held = earlier ? earlier.rows : list.rows;
  let last = held.length > 0 ? (held[held.length - 1] as RowDto).seq : 0;
  const accepted: RowDto[] = [];
  for (const row of rows) {
    if (!row || typeof row.seq !== 'number' || row.seq <= last) continue; // never twice
    if (row.seq !== last + 1) {
      // A gap: ask for a re-send from what we hold; drop the rest of this batch.
      post({ type: 'resync', haveThrough: last });
      break;
    }
    accepted.push(row);
    last = row.seq;
  }
  if (accepted.length === 0) return;
  if (earlier) {
    for (const row of accepted) earlier.rows.push(row);
    // The list holds only the preview until then, so its last seq is the preview's.
    if (last >= list.lastSeq) endPreview();
    else updateLoading();
    return;
  }
  if (!list.atBottom) unseen += accepted.length;
  noteTypes(accepted);
  list.append(accepted);
  updateCounts();
  updateJump();
  if (accepted.some((r) => r.seq === 1)) renderElapsed();
  saveSoon();
}

/** Shows a long attempt's latest events at once; the rows already held wait with the rest of the history. */
function showPreview(rows: RowDto[], total: number): void {
  // Ignored when the history is (nearly) here already, or a preview is up.
  if (earlier || rows.length === 0 || list.lastSeq >= (rows[0] as RowDto).seq - 1) return;
  earlier = { rows: list.rows.slice(), total };
  resetRows(rows);
  ui.viewport.setAttribute('aria-busy', 'true');
  announce(`Showing the latest ${rows.length} events; loading the earlier ones.`);
}

/** The history has reached the preview: show all of it, instead of the preview. */
function endPreview(): void {
  if (!earlier) return;
  const rows = earlier.rows;
  earlier = undefined;
  resetRows(rows);
  ui.viewport.removeAttribute('aria-busy');
  renderElapsed();
  saveSoon();
}

function resetRows(rows: RowDto[]): void {
  haystacks.length = 0;
  types.resetCounts();
  list.replaceAll(rows);
  noteTypes(rows);
  updateCounts();
  updateJump();
}

function updateLoading(): void {
  ui.loading.hidden = !earlier;
  if (!earlier) return;
  const have = earlier.rows.length;
  ui.loadingText.textContent = `Showing the latest ${list.rows.length.toLocaleString()} events; loading the earlier ones (${have.toLocaleString()} of ${earlier.total.toLocaleString()})…`;
}

// ---------------------------------------------------------------- state (survives reloads)

const CACHE_MAX_ROWS = 5_000;
const CACHE_MAX_CHARS = 4_000_000;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function saveSoon(): void {
  saveTimer ??= setTimeout(() => {
    saveTimer = undefined;
    save();
  }, 1000);
}

function save(): void {
  const choice = types.choice();
  const state: SavedState = {
    target,
    search: ui.search.value,
    types: choice.only,
    hiddenTypes: choice.hidden,
  };
  // The rows come back instantly after a reload when they are few; otherwise the extension replays them.
  if (!earlier && list.rows.length <= CACHE_MAX_ROWS) {
    let chars = 0;
    for (const r of list.rows) chars += r.json.length + r.summary.length + 80;
    if (chars <= CACHE_MAX_CHARS) state.rows = list.rows;
  }
  vscode.setState(state);
}

function restoreState(): number {
  const state = vscode.getState() as SavedState | undefined;
  if (!state || typeof state !== 'object') return 0;
  target = state.target;
  if (typeof state.search === 'string' && state.search) {
    ui.search.value = state.search;
    searchText = state.search.trim().toLowerCase();
  }
  types.set({
    only: Array.isArray(state.types) ? state.types : [],
    hidden: Array.isArray(state.hiddenTypes) ? state.hiddenTypes : [],
  });
  const rows = Array.isArray(state.rows) ? state.rows : [];
  // Keep only a clean 1..n prefix.
  const clean: RowDto[] = [];
  for (const r of rows) {
    if (!r || typeof r !== 'object' || r.seq !== clean.length + 1) break;
    clean.push(r);
  }
  if (searchText || types.active) list.setFilter(currentFilter(), searchText);
  if (clean.length > 0) {
    noteTypes(clean);
    list.restore(clean);
  }
  updateCounts();
  return list.lastSeq;
}

// ---------------------------------------------------------------- messages from the extension

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as HostMessage;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
  switch (message.type) {
    case 'init':
      target = {
        connectionId: message.connectionId,
        runId: message.header.runId,
        attemptId: message.header.attemptId,
      };
      header = message.header;
      renderHeader();
      setConnection(message.connection);
      save();
      break;
    case 'batch': {
      const rows = unpackRows(message.rows);
      if (rows) receive(rows);
      else console.error('AgentOS: a batch of events could not be read.');
      if (message.header && header) {
        header = { ...header, ...message.header };
        renderHeader();
      }
      if (message.connection) setConnection(message.connection);
      break;
    }
    case 'preview': {
      const rows = unpackRows(message.rows);
      if (rows && typeof message.total === 'number') showPreview(rows, message.total);
      break;
    }
    case 'newAttempt':
      if (typeof message.attemptId === 'string') showNewAttempt(message.attemptId, message.attemptNo);
      break;
    case 'probe':
      void answerProbe(message.id, message.probe);
      break;
  }
});

// ---------------------------------------------------------------- probes (tests and benchmarks)

function snapshot(includeSeqs: boolean): ProbeSnapshot {
  const rows = list.rows;
  let contiguous = true;
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i] as RowDto).seq !== (rows[i - 1] as RowDto).seq + 1) {
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
    count: rows.length,
    firstSeq: rows[0]?.seq ?? 0,
    lastSeq: list.lastSeq,
    contiguous,
    viewCount: list.viewCount,
    domSeqs: list.domSeqs(),
    domRows: ui.viewport.querySelectorAll('.row').length,
    domNodes: document.getElementsByTagName('*').length,
    matchText: ui.matchCount.textContent ?? '',
    connectionText: ui.connection.textContent ?? '',
    noticeText: ui.notice.hidden ? '' : (ui.noticeText.textContent ?? ''),
    connectionHistory: [...connectionHistory],
    statusText: ui.status.textContent ?? '',
    headerText: (document.getElementById('header')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    bannerText: ui.banner.hidden ? '' : (ui.bannerText.textContent ?? ''),
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
    activeRowColors: activeRowColors(),
    jumpCoversRow: jumpCoversRow(),
    payloadMatchSeqs: list.payloadMatchSeqs(),
    injected: { elements: injectedElements, globals },
    perf: { ...list.perf, latencies: [...list.perf.latencies], heapBytes: memory?.usedJSHeapSize },
    activeSeq: list.activeSeq(),
  };
  if (earlier) snap.loadingEarlier = { have: earlier.rows.length, total: earlier.total };
  if (includeSeqs) {
    snap.seqs = rows.map((r) => r.seq);
    snap.viewSeqs = list.viewSeqs();
  }
  return snap;
}

function activeRowColors(): ProbeSnapshot['activeRowColors'] {
  const line = ui.viewport.querySelector<HTMLElement>('.row.active .line');
  if (!line) return undefined;
  const color = (selector: string): string => {
    const el = line.querySelector(selector);
    return el ? getComputedStyle(el).color : '';
  };
  return {
    line: getComputedStyle(line).color,
    time: color('.time'),
    seq: color('.seq'),
    type: color('.type'),
  };
}

function jumpCoversRow(): boolean {
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

/** Scrolls through the whole list, collecting the seqs the DOM shows on the way (the DOM, not the model). */
function scan(): { seqs: number[]; maxDomRows: number } {
  const seen = new Set<number>();
  const order: number[] = [];
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
      const seq = Number(el.dataset.seq);
      if (!seen.has(seq)) {
        seen.add(seq);
        order.push(seq);
      }
    }
    if (top + v.clientHeight >= v.scrollHeight - 1) break;
    list.scrollTo(top + Math.max(22, v.clientHeight - 22));
  }
  list.scrollToBottom();
  return { seqs: order.sort((a, b) => a - b), maxDomRows };
}

async function answerProbe(id: number, probe: ProbeOp): Promise<void> {
  let result: unknown;
  try {
    switch (probe.op) {
      case 'snapshot':
        list.render();
        result = snapshot(probe.includeSeqs === true);
        break;
      case 'scan':
        result = scan();
        break;
      case 'search':
        ui.search.value = probe.text;
        setSearch(probe.text);
        list.render();
        result = snapshot(true);
        break;
      case 'types':
        types.set({ only: probe.types, hidden: probe.hidden ?? [] });
        applyFilters();
        list.render();
        result = snapshot(true);
        break;
      case 'expand':
        list.toggle(probe.seq, true);
        result = snapshot(false);
        break;
      case 'scrollTo':
        if (probe.position === 'top') list.scrollToTop();
        else if (probe.position === 'bottom') list.scrollToBottom();
        else list.scrollTo(probe.position);
        list.render();
        result = snapshot(false);
        break;
      case 'titleLines':
        result = titleLines(probe.width);
        break;
      case 'userScroll':
        ui.viewport.scrollTop = probe.y;
        list.render();
        result = snapshot(false);
        break;
      case 'click': {
        const el = {
          followNewAttempt: ui.bannerFollow,
          stop: ui.stop,
          resume: ui.resume,
          jumpLatest: ui.jump,
          retry: ui.retry,
          signIn: ui.signIn,
        }[probe.target];
        el.click();
        result = snapshot(false);
        break;
      }
      case 'key':
        list.pressKey(probe.key);
        result = snapshot(false);
        break;
    }
  } catch (error) {
    result = { error: String(error) };
  }
  post({ type: 'probeResult', id, result });
}

// ---------------------------------------------------------------- start

renderConnection();
const haveThrough = restoreState();
post({ type: 'ready', haveThrough });
