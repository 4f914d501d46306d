// Webview script of the Follow Run panel (bundled by esbuild as a browser IIFE): it holds the rows, renders the
// header and a virtualised timeline, and talks to the extension only through the typed protocol. Every piece of run
// data enters the DOM through textContent. Rows are kept by the host's numbers (ordinals), never a backend's own.
import type { HostMessage, PanelView, WebviewMessage } from '../../src/panel/protocol';
import { unpackRows } from '../../src/panel/row-pack';
import { findElements } from './dom';
import { HeaderView } from './header-view';
import { TimelineList } from './list';
import { RowsView } from './rows-view';
import { SteerView } from './steer-view';
import { TraceView } from './trace-view';
import { TypingView } from './typing-view';
import { readState, stateToSave, type SavedState } from './saved-state';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const ui = findElements();
const post = (message: WebviewMessage): void => vscode.postMessage(message);
const steer = new SteerView(post);
const typing = new TypingView();
const announce = (text: string): void => {
  ui.live.textContent = text;
};

let target: SavedState['target'];
let newSubRun: string | undefined;
/** Events or Trace; `chosen` once the saved state or the person said (then the host's remembered view is not used). */
let view: PanelView = 'events';
let viewChosen = false;

const list = new TimelineList(ui.viewport, ui.spacer, {
  copyEvent: (cursor) => post({ type: 'copyEvent', cursor }),
  openPayload: (cursor) => post({ type: 'openPayload', cursor }),
  openLink: (url) => {
    if (/^https?:\/\//i.test(url)) post({ type: 'openLink', url });
  },
  stickChanged: (stick) => rows.stickChanged(stick),
});
const rows: RowsView = new RowsView(ui, list, {
  resync: (haveThrough, cursor) => post({ type: 'resync', haveThrough, cursor }),
  announce,
  changed: () => saveSoon(),
  firstRow: () => header.renderElapsed(),
  contiguous: (held) => trace.add(held),
  preview: (latest, total) => trace.showTail(latest, total),
});
const header = new HeaderView(ui, list, announce);
const trace = new TraceView(ui.trace, {
  showEvents: (holds, name) => {
    rows.setStep({ holds, name });
    setView('events', true);
    list.scrollToTop();
    ui.viewport.focus({ preventScroll: true });
  },
  copy: (markdown) => post({ type: 'copyTrace', markdown }),
  title: () => {
    const h = header.header;
    return h ? `${h.agentName ?? h.agentId ?? 'Run'} — run ${h.runId}` : 'Run';
  },
});

/** Shows Events or Trace; `tell`: the person chose it (the host remembers it for the next panel). */
function setView(next: PanelView, tell: boolean): void {
  view = next;
  document.body.dataset.view = next;
  ui.viewEvents.setAttribute('aria-pressed', String(next === 'events'));
  ui.viewTrace.setAttribute('aria-pressed', String(next === 'trace'));
  ui.search.placeholder =
    next === 'trace' ? 'Search steps (name, input, result, text)' : 'Search events (type, summary, payload)';
  ui.search.setAttribute('aria-label', next === 'trace' ? 'Search steps' : 'Search events');
  trace.setVisible(next === 'trace');
  list.setHidden(next !== 'events');
  if (tell) {
    viewChosen = true;
    post({ type: 'viewChanged', view: next });
    saveSoon();
  }
}

// ---------------------------------------------------------------- toolbar, buttons, keys

let searchTimer: ReturnType<typeof setTimeout> | undefined;
ui.search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => setSearch(ui.search.value), 120);
});

/** The search filters both views: the events, and the trace's spans (keeping their ancestors). */
function setSearch(text: string): void {
  rows.setSearch(text);
  trace.setSearch(text);
}
ui.search.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && ui.search.value) {
    ui.search.value = '';
    setSearch('');
    e.preventDefault();
  } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
    (view === 'trace' ? ui.trace.viewport : ui.viewport).focus();
    e.preventDefault();
  }
});
ui.clearFilters.addEventListener('click', () => {
  rows.types.set({ only: [], hidden: [] });
  rows.setStep(undefined);
  ui.search.value = '';
  setSearch('');
});
ui.stepChipClear.addEventListener('click', () => rows.setStep(undefined));
ui.viewEvents.addEventListener('click', () => setView('events', true));
ui.viewTrace.addEventListener('click', () => setView('trace', true));
ui.saveEvents.addEventListener('click', () => post({ type: 'saveEvents' }));
ui.jump.addEventListener('click', () => {
  list.scrollToBottom();
  ui.viewport.focus({ preventScroll: true });
});
ui.bannerFollow.addEventListener('click', () => {
  if (newSubRun) post({ type: 'followSubRun', subRunId: newSubRun });
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

function showNewSubRun(subRunId: string, label: string | undefined): void {
  newSubRun = subRunId;
  const no = label ? /\d+/.exec(label)?.[0] : undefined;
  ui.bannerText.textContent = `A new attempt${label ? ` (${label})` : ''} of this run has started.`;
  ui.bannerFollow.textContent = no ? `Follow attempt ${no}` : 'Follow it';
  ui.banner.hidden = false;
}

// ---------------------------------------------------------------- state (survives reloads)

let saveTimer: ReturnType<typeof setTimeout> | undefined;

function saveSoon(): void {
  saveTimer ??= setTimeout(() => {
    saveTimer = undefined;
    save();
  }, 1000);
}

function save(): void {
  vscode.setState(
    stateToSave(target, ui.search.value, rows.types.choice(), list.rows, rows.earlier !== undefined, view),
  );
}

/** Puts back what a reload kept; returns the number of the last row held and its cursor. */
function restore(): { haveThrough: number; cursor?: string } {
  const state = readState(vscode.getState());
  target = state.target;
  if (state.view === 'events' || state.view === 'trace') {
    viewChosen = true;
    setView(state.view, false);
  } else setView('events', false);
  if (typeof state.search === 'string' && state.search) {
    ui.search.value = state.search;
    rows.setSearch(state.search, false);
    trace.setSearch(state.search);
  }
  rows.types.set({
    only: Array.isArray(state.types) ? state.types : [],
    hidden: Array.isArray(state.hiddenTypes) ? state.hiddenTypes : [],
  });
  rows.restore(Array.isArray(state.rows) ? state.rows : []);
  const last = list.rows[list.rows.length - 1];
  return { haveThrough: list.lastOrd, cursor: last?.cursor };
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
        attemptId: message.header.subRunId,
      };
      header.setHeader(message.header);
      header.setConnection(message.connection);
      steer.render(message.header.steer, message.header.state);
      if (!viewChosen && (message.view === 'events' || message.view === 'trace'))
        setView(message.view, false);
      save();
      break;
    case 'batch': {
      const received = unpackRows(message.rows);
      if (received) rows.receive(received);
      else console.error('AgentOS: a batch of events could not be read.');
      if (message.header && header.header) {
        header.setHeader({ ...header.header, ...message.header });
        steer.render(header.header.steer, header.header.state);
      }
      if (message.connection) header.setConnection(message.connection);
      if (message.typing !== undefined) {
        typing.show(message.typing);
        trace.setTyping(message.typing);
      }
      break;
    }
    case 'steered':
      steer.steered(message);
      break;
    case 'preview': {
      const received = unpackRows(message.rows);
      if (received && typeof message.total === 'number') rows.showPreview(received, message.total);
      break;
    }
    case 'newSubRun':
      if (typeof message.subRunId === 'string') showNewSubRun(message.subRunId, message.label);
      break;
    case 'probe':
      // Answered by the probe script, which only a test run of the extension loads.
      break;
  }
});

// What the probe script (tests and benchmarks only) reads; nothing else uses it.
(window as unknown as { agentosPanel: unknown }).agentosPanel = {
  ui,
  list,
  rows,
  header,
  post,
  steer,
  typing,
  trace,
  setView: (next: PanelView) => setView(next, true),
  setSearch: (text: string) => {
    ui.search.value = text;
    setSearch(text);
  },
};

// ---------------------------------------------------------------- start

header.renderConnection();
const { haveThrough, cursor } = restore();
post(cursor !== undefined ? { type: 'ready', haveThrough, cursor } : { type: 'ready', haveThrough });
