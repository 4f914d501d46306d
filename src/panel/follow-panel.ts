// One followed sub-run (an AgentOS attempt): the webview panel, the follow session that feeds it (follow-session.ts),
// its lines in the output channel, and what it tells the store. The host keeps no event history: the webview holds
// the rows, and a reloaded webview says how many it has (`ready`), so the follow resumes right after them. The run's
// status, name and capabilities come from the one store; the panel reports what its stream learns back to it.
import * as vscode from 'vscode';
import {
  isTerminalState,
  type EventLook,
  type RunInfo,
  type TimelineEvent,
  type TypingPreview,
} from '../backends/types';
import { config } from '../core/config';
import { usageText } from '../util/usage';
import type { Connections } from '../core/connections';
import { isCancelable, shortId } from '../providers/presentation';
import type { LiveStore } from '../state/store';
import type { Logger } from '../util/logger';
import { Batcher } from './batcher';
import { FollowSession } from './follow-session';
import { getHtml, newNonce } from './html';
import { OutputLines } from './output-lines';
import { handlePanelAction, type ActionDeps } from './panel-actions';
import { ProbeChannel } from './probe-channel';
import { isSteerMessage, Steering } from './steering';
import type { ProbeOp } from './probe-types';
import {
  parseWebviewMessage,
  type ConnectionView,
  type HeaderDto,
  type HostMessage,
  type PanelView,
  type RowDto,
} from './protocol';
import { packRows } from './row-pack';
import { panelKey, type FollowTarget } from './run-ref';
import { errorMessage } from '../net/errors';

export type { FollowTarget };

export interface PanelDeps {
  connections: Connections;
  store: LiveStore;
  log: Logger;
  /** Where the lines of followed events go (the AgentOS LogOutputChannel). */
  output: { info(line: string): void };
  extensionUri: vscode.Uri;
  /** Test mode: the webview gets its probe script and the host a probe channel. */
  probes: boolean;
  /** Opens (or reveals) the panel of another sub-run of this run. */
  followSubRun(target: FollowTarget): void;
  /** Saves the sub-run's raw events as JSONL where the person says. */
  saveEvents(target: FollowTarget): Promise<unknown>;
  /** The view (Events or Trace) the person chose last, in any panel: a new panel opens with it. */
  view: { get(): PanelView; set(view: PanelView): void };
  /** Something the status bar shows changed. */
  changed(panel: FollowPanel): void;
  disposed(panel: FollowPanel): void;
}

const MAX_ROWS_PER_MESSAGE = 5_000;
/** How often a live stream's event count goes to the store (the sidebar's attempt row counts with it). */
const COUNT_REPORT_MS = 1_000;

interface Preview {
  rows: RowDto[];
  total: number;
}

type Update =
  | { kind: 'row'; row: RowDto }
  | { kind: 'preview'; preview: Preview }
  | { kind: 'header' }
  | { kind: 'connection' }
  | { kind: 'typing'; typing: TypingPreview | null };

export interface PanelSummary {
  label: string;
  status?: string;
  state?: RunInfo['state'];
  connection: ConnectionView;
  events: number;
  ended: boolean;
  endedAt?: number;
  /** Tool uses that wait for the person's approval (cards not answered yet). */
  approvals: number;
}

export class FollowPanel implements vscode.Disposable {
  readonly key: string;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly header: HeaderDto;
  private readonly session: FollowSession;
  private readonly batcher: Batcher<Update>;
  private readonly outputLines: OutputLines;
  private readonly probes?: ProbeChannel;
  private readonly steering: Steering;
  private ready = false;
  /** Highest row number handed to the current webview instance (queued or posted). */
  private sentThrough = 0;
  /** Highest row number written to the output channel (survives webview reloads: no line twice). */
  private loggedThrough = 0;
  /** The status the stream says, and the row that said it (a replayed older row changes nothing). */
  private eventStatus?: { state: RunInfo['state']; status: string };
  /** A followed event reported usage: the run's polled figures no longer replace it. */
  private usageFromEvents = false;
  private statusOrdinal = 0;
  private isCurrentSubRun = true;
  private superseded = false;
  private readonly offeredSubRuns = new Set<string>();
  private readonly openedAt = Date.now();
  private endedAt?: number;
  private lastCountReport = 0;
  /** While not streaming, the store's poller keeps the run fresh for this panel. */
  private watching?: { dispose(): void };
  private recheckTimer?: ReturnType<typeof setTimeout>;
  private disposed = false;
  /** The latest events, shown ahead of a long replay until it reaches them (kept for a webview reload meanwhile). */
  private preview?: Preview;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly target: FollowTarget,
    private readonly deps: PanelDeps,
    options: { restored: boolean },
  ) {
    this.key = panelKey(target.connectionId, target.runId, target.attemptId);
    const connectionName = deps.connections.get(target.connectionId)?.connection.name ?? target.connectionId;
    this.header = {
      connectionName,
      runId: target.runId,
      subRunId: target.attemptId,
      canCancel: false,
      hasInbox: false,
    };
    this.steering = new Steering(
      { runId: target.runId, subRunId: target.attemptId },
      () => deps.connections.get(target.connectionId)?.backend,
      () => {
        this.header.steer = this.steering.dto();
        this.queueHeader();
        // The status bar counts runs whose cards wait.
        deps.changed(this);
      },
      (message) => void this.post(message),
    );
    this.header.steer = this.steering.dto();
    this.outputLines = new OutputLines(`run ${shortId(target.runId)}`, {
      write: (line) => deps.output.info(line),
    });
    this.batcher = new Batcher<Update>((updates) => this.deliver(updates), {
      intervalMs: 50,
      maxItems: 4_000,
    });
    if (deps.probes)
      this.probes = new ProbeChannel((id, probe) => void this.post({ type: 'probe', id, probe }));
    this.session = new FollowSession({
      ref: { runId: target.runId, subRunId: target.attemptId },
      connectionName,
      connection: () => deps.connections.get(target.connectionId),
      followOptions: () => ({
        stallTimeoutMs: config.stallTimeoutMs(),
        maxReconnects: config.maxReconnects(),
        typing: config.liveTyping(),
      }),
      events: {
        rows: (rows, events, looks) => this.onRows(rows, events, looks),
        preview: (rows, total, events) => this.onPreview(rows, total, events),
        connection: (state) => this.setConnection(state),
        typing: (typing) => this.batcher.push({ kind: 'typing', typing }),
        settled: () => {
          this.reportStream();
          deps.changed(this);
        },
      },
    });
    panel.iconPath = {
      light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'agentos.svg'),
      dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'agentos.svg'),
    };
    this.updateTitle();
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    deps.connections.onDidChange(
      () => this.session.connectionChanged(this.ready),
      undefined,
      this.disposables,
    );
    const sub = deps.store.onDidChange((change) => {
      if (change.kind === 'all' || (change.kind === 'runs' && change.runIds.includes(target.runId)))
        this.fromStore();
      else if (change.kind === 'caps' || change.kind === 'triggers' || change.kind === 'agents')
        this.fromStore();
    });
    this.disposables.push({ dispose: () => sub.dispose() });
    panel.onDidChangeViewState(() => deps.changed(this), undefined, this.disposables);
    panel.webview.html = getHtml(panel.webview, deps.extensionUri, newNonce(), { probes: deps.probes });
    void this.loadRun();
    // A new panel follows at once, holding its rows until the webview says it is ready (even one hidden before it
    // ever loads): rows posted earlier would race the webview's `ready` and be sent twice. A restored panel waits
    // for its webview to say where to resume.
    if (!options.restored) {
      this.batcher.pause();
      this.session.start();
      void this.session.loadPreview().catch((error: unknown) => {
        // The replay shows everything anyway; the preview only makes it readable sooner.
        deps.log.debug(`Follow Run: no preview of run ${target.runId}: ${errorMessage(error)}`);
      });
    }
  }

  // ---------------------------------------------------------------- state for the manager and tests

  summary(): PanelSummary {
    const no = this.header.subRunLabel ? /\d+/.exec(this.header.subRunLabel)?.[0] : undefined;
    const status =
      this.eventStatus ??
      (this.header.status ? { status: this.header.status, state: this.header.state } : undefined);
    return {
      label: `${this.header.agentName ?? shortId(this.target.runId)}${no ? ` #${no}` : ''}`,
      status: status?.status,
      state: status?.state,
      connection: this.session.connectionView,
      events: this.sentThrough,
      ended: this.session.connectionView.kind === 'ended',
      endedAt: this.endedAt,
      approvals: this.steering.waiting(),
    };
  }

  get isFollowing(): boolean {
    return this.session.isFollowing;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Asks the webview something (tests, benchmarks; only in test mode). */
  probe(probe: ProbeOp, timeoutMs = 15_000): Promise<unknown> {
    if (!this.probes) return Promise.reject(new Error('probes are only there in test mode'));
    this.batcher.flush();
    return this.probes.ask(probe, timeoutMs);
  }

  stop(): void {
    this.session.stop();
    this.reportStream();
  }

  resume(): void {
    if (this.ready) this.session.resume();
  }

  cancelRun(confirm: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('agentos.cancelRun', {
      connectionId: this.target.connectionId,
      runId: this.target.runId,
      confirm,
      what: this.header.agentName,
    });
  }

  /** Tests: a message as if the webview sent it (validated the same way). */
  receive(raw: unknown): void {
    this.onMessage(raw);
  }

  // ---------------------------------------------------------------- messages from the webview

  private onMessage(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.deps.log.warn(`Follow Run: ignored an unexpected message from the panel of ${this.target.runId}.`);
      return;
    }
    switch (message.type) {
      case 'ready':
      case 'resync':
        this.onReady(message.haveThrough, message.cursor, message.type === 'ready');
        return;
      case 'stop':
        this.stop();
        return;
      case 'resume':
      case 'retry':
        this.resume();
        return;
      case 'cancelRun':
        void this.cancelRun(true);
        return;
      case 'probeResult':
        this.probes?.answered(message.id, message.result);
        return;
      case 'viewChanged':
        this.deps.view.set(message.view);
        return;
      default:
        if (isSteerMessage(message)) {
          void this.steering.handle(message);
          return;
        }
        void handlePanelAction(message, this.actionDeps()).catch((error: unknown) => {
          this.deps.log.error(`Follow Run: ${message.type} failed: ${errorMessage(error)}`);
          void vscode.window.showErrorMessage(errorMessage(error));
        });
    }
  }

  private actionDeps(): ActionDeps {
    return {
      target: this.target,
      agentId: this.header.agentId,
      connections: this.deps.connections,
      followSubRun: this.deps.followSubRun,
      saveEvents: this.deps.saveEvents,
    };
  }

  /** The webview (re)loaded holding rows 1..haveThrough (`cursor` is row haveThrough's): tell it everything. */
  private onReady(haveThrough: number, cursor: string | undefined, fresh: boolean): void {
    this.probes?.open();
    const held = this.sentThrough > 0 || this.session.isFollowing;
    if (!this.ready && this.batcher.isPaused && haveThrough === 0 && held) {
      // First load of a panel that has been following since it opened: hand over what was held back.
      this.ready = true;
      this.postInit();
      this.batcher.resume();
      return;
    }
    this.ready = true;
    this.batcher.clear();
    this.batcher.resume();
    const resend = haveThrough !== this.sentThrough;
    this.sentThrough = haveThrough;
    if (fresh) this.postInit();
    if (this.preview && haveThrough < (this.preview.rows[0] as RowDto).ord - 1)
      this.batcher.push({ kind: 'preview', preview: this.preview });
    if (this.session.isCompleteThrough(haveThrough)) return;
    if (this.session.isStoppedByUser) {
      this.setConnection({ kind: 'stopped' });
      return;
    }
    if (!this.session.isFollowing || resend)
      this.session.start(haveThrough, haveThrough > 0 ? cursor : undefined);
  }

  private postInit(): void {
    void this.post({
      type: 'init',
      connectionId: this.target.connectionId,
      header: { ...this.header },
      connection: this.session.connectionView,
      view: this.deps.view.get(),
    });
  }

  // ---------------------------------------------------------------- what the follow delivers

  private onRows(rows: RowDto[], events: TimelineEvent[], looks: EventLook[]): void {
    rows.forEach((row, i) => {
      if (row.ord <= this.sentThrough) return;
      this.sentThrough = row.ord;
      this.batcher.push({ kind: 'row', row });
      if (row.ord <= this.loggedThrough) return;
      this.loggedThrough = row.ord;
      this.outputLines.add(row, looks[i] as EventLook);
      const event = events[i] as TimelineEvent;
      this.steering.take(event);
      // The event that says a newer sub-run took over also says how this one ended ("cancelled"). Superseded
      // before that status is told (the store must not take it for the run's), offered after it (the offer flushes
      // the header, which must already say it).
      if (event.nextSubRun) this.superseded = true;
      if (event.status) this.onStatusEvent(event, row.ord);
      if (event.nextSubRun) this.newerSubRun(event.nextSubRun.id, event.nextSubRun.no);
      if (event.usage) {
        // Cumulative: the latest event's figures replace the run's (which a poll may have fetched earlier).
        this.usageFromEvents = true;
        this.header.usage = usageText(event.usage) || undefined;
        this.queueHeader();
      }
    });
    if (Date.now() - this.lastCountReport >= COUNT_REPORT_MS) this.reportStream();
  }

  private onPreview(rows: RowDto[], total: number, events: TimelineEvent[]): void {
    if (this.disposed || this.sentThrough >= (rows[0] as RowDto).ord) return;
    this.preview = { rows, total };
    this.batcher.push({ kind: 'preview', preview: this.preview });
    // The header says how the run stands now (e.g. completed), not what the replay has reached (running).
    events.forEach((event, i) => {
      if (event.status) this.onStatusEvent(event, (rows[i] as RowDto).ord, false);
    });
  }

  private onStatusEvent(event: TimelineEvent, ordinal: number, live = true): void {
    // A replayed event older than one the preview already applied changes nothing.
    if (ordinal <= this.statusOrdinal || !event.status) return;
    this.statusOrdinal = ordinal;
    this.eventStatus = event.status;
    this.header.status = event.status.status;
    this.header.state = event.status.state;
    this.header.why = event.status.why;
    if (isTerminalState(event.status.state)) {
      this.header.canCancel = false;
      this.header.endedAt = event.time || undefined;
    }
    this.queueHeader();
    // Only news: an event written before the panel opened (a replay) is not announced.
    const at = Date.parse(event.time);
    const fresh = live && Number.isFinite(at) && at >= this.openedAt - 5_000;
    this.reportStream(fresh);
    // A terminal or waiting event is when a retry or resume usually starts a new sub-run: look once, soon.
    if (live && (isTerminalState(event.status.state) || event.status.state === 'waiting')) this.recheckSoon();
  }

  /** Tells the store what the stream says: the run's status (current sub-run only), its event count, and that it streams. */
  private reportStream(fresh = false): void {
    if (this.disposed) return;
    this.lastCountReport = Date.now();
    const kind = this.session.connectionView.kind;
    const streaming =
      this.session.isFollowing && (kind === 'live' || kind === 'polling' || kind === 'connecting');
    const current = this.isCurrentSubRun && !this.superseded;
    this.deps.store.reportStream(this.target.connectionId, this.target.runId, {
      subRunId: this.target.attemptId,
      streaming: current && streaming,
      status: current ? this.eventStatus : undefined,
      eventCount: this.sentThrough,
      fresh,
    });
    this.updateWatch(streaming);
  }

  /** Not streaming (stopped, failed, signed out): the store's poller keeps the run fresh for this panel. */
  private updateWatch(streaming: boolean): void {
    const ended = this.session.connectionView.kind === 'ended';
    const wanted = !streaming && !ended && !this.disposed;
    if (wanted && !this.watching)
      this.watching = this.deps.store.watch(this.target.connectionId, this.target.runId);
    else if (!wanted && this.watching) {
      this.watching.dispose();
      this.watching = undefined;
    }
  }

  private setConnection(state: ConnectionView): void {
    if (state.kind !== 'live' && state.kind !== 'polling') this.outputLines.flush();
    if (state.kind === 'ended') this.endedAt = Date.now();
    this.batcher.push({ kind: 'connection' });
    this.deps.changed(this);
    if (state.kind !== 'live') this.reportStream();
  }

  private queueHeader(): void {
    this.batcher.push({ kind: 'header' });
  }

  private deliver(updates: Update[]): PromiseLike<unknown> | void {
    const rows: RowDto[] = [];
    let header = false;
    let connection = false;
    let preview: Preview | undefined;
    let typing: { now: TypingPreview | null } | undefined;
    for (const u of updates) {
      if (u.kind === 'row') rows.push(u.row);
      else if (u.kind === 'preview') preview = u.preview;
      else if (u.kind === 'typing') typing = { now: u.typing };
      else if (u.kind === 'header') header = true;
      else connection = true;
    }
    if (this.preview && this.sentThrough >= (this.preview.rows.at(-1) as RowDto).ord)
      this.preview = undefined;
    // The preview goes first: the webview shows it only while the rows it holds are still short of it.
    if (preview) void this.post({ type: 'preview', rows: packRows(preview.rows), total: preview.total });
    if (rows.length > 0 || header || connection) this.deps.changed(this);
    // Rows held while the webview loaded can be many: send them in chunks the webview digests frame by frame.
    const chunks: RowDto[][] = [];
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_MESSAGE)
      chunks.push(rows.slice(i, i + MAX_ROWS_PER_MESSAGE));
    if (chunks.length === 0) chunks.push([]);
    let sent: Thenable<boolean> = Promise.resolve(true);
    chunks.forEach((chunk, index) => {
      const message: HostMessage = { type: 'batch', rows: packRows(chunk) };
      if (index === chunks.length - 1) {
        if (header) message.header = { ...this.header };
        if (connection) message.connection = this.session.connectionView;
        // After the rows: a final event and the end of its preview arrive together.
        if (typing) message.typing = typing.now;
      }
      sent = this.post(message);
    });
    return sent;
  }

  private post(message: HostMessage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message).then(
      (ok) => ok,
      () => false,
    );
  }

  // ---------------------------------------------------------------- the run, from the store

  /** The run, its agent, its sub-runs and its inbox, once at open (through the store, which keeps them). */
  private async loadRun(): Promise<void> {
    const { store } = this.deps;
    const { connectionId, runId } = this.target;
    try {
      const run = await store.fetchRun(connectionId, runId);
      if (this.disposed) return;
      await Promise.all([
        store.ensureAgents(connectionId),
        store.ensureTriggers(connectionId),
        store.ensureSubRuns(connectionId, runId),
      ]);
      if (this.disposed) return;
      if (run.agentId && !store.agentName(connectionId, run.agentId) && !run.agentName) {
        const agent = await store
          .backend(connectionId)
          ?.getAgent(run.agentId)
          .catch(() => undefined);
        if (agent && !this.disposed) this.header.agentName = agent.name;
      }
      this.fromStore();
    } catch (error) {
      this.deps.log.debug(`Follow Run: could not load run ${runId}: ${errorMessage(error)}`);
    }
  }

  /** The header from what the store knows of the run (the stream's own status wins while it says one). */
  private fromStore(): void {
    if (this.disposed) return;
    const { store } = this.deps;
    const { connectionId, runId, attemptId } = this.target;
    const run = store.run(connectionId, runId);
    if (!run) return;
    const h = this.header;
    h.steer = this.steering.dto();
    h.agentId = run.agentId ?? h.agentId;
    h.agentName = run.agentName ?? store.agentName(connectionId, run.agentId) ?? h.agentName;
    h.startedAt ??= run.startedAt;
    h.hasInbox = store.hasInbox(connectionId, run.agentId);
    // Only retries replace a sub-run; a sub-agent thread runs beside its session and is never "superseded".
    const retries = this.deps.connections.get(connectionId)?.backend.caps.subRuns === 'attempts';
    if (retries && run.currentSubRunId && run.currentSubRunId !== attemptId)
      this.newerSubRun(run.currentSubRunId, run.subRunCount);
    else this.isCurrentSubRun = !this.superseded;
    // A session's own stream is its main thread; a sub-agent thread is named when the store knows it.
    if (!retries && attemptId === runId) h.subRunLabel = 'Main thread';
    const subRuns = store.subRuns(connectionId, runId);
    if (subRuns.state === 'loaded') {
      const mine = subRuns.value.find((s) => s.id === attemptId);
      const total = Math.max(subRuns.value.length, run.subRunCount ?? 0, mine?.no ?? 0);
      if (mine?.no !== undefined) h.subRunLabel = `${mine.label} of ${total}`;
      if (!retries && mine) h.subRunLabel = `Thread: ${mine.label}`;
      if (!this.isCurrentSubRun && mine && !this.eventStatus) {
        h.status = mine.status;
        h.state = mine.state;
      }
    }
    if (!this.usageFromEvents) h.usage = usageText(run) || undefined;
    if (this.isCurrentSubRun) {
      h.status = this.eventStatus?.status ?? run.status;
      h.state = this.eventStatus?.state ?? run.state;
      if (isTerminalState(run.state)) h.endedAt ??= run.endedAt;
    }
    h.canCancel = this.isCurrentSubRun && store.canCancel(connectionId) && isCancelable(h.state);
    this.updateTitle();
    this.queueHeader();
    this.deps.changed(this);
  }

  /** Asks the server for the run once, a second from now (a new sub-run may have started). */
  private recheckSoon(): void {
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = undefined;
      if (!this.disposed)
        void this.deps.store.fetchRun(this.target.connectionId, this.target.runId).catch(() => undefined);
    }, 1_000);
  }

  private newerSubRun(subRunId: string, no: number | undefined): void {
    if (subRunId === this.target.attemptId) return;
    this.isCurrentSubRun = false;
    this.header.canCancel = false;
    if (this.offeredSubRuns.has(subRunId)) return;
    this.offeredSubRuns.add(subRunId);
    this.queueHeader();
    this.batcher.flush();
    void this.post({ type: 'newSubRun', subRunId, label: no !== undefined ? `attempt ${no}` : undefined });
  }

  private updateTitle(): void {
    const who = this.header.agentName ?? 'Run';
    const label = this.header.subRunLabel;
    const several = label !== undefined && !/ of 1$/.test(label);
    this.panel.title = `${who} · ${shortId(this.target.runId)}${several ? ` (${label.replace(/ of \d+$/, '').toLowerCase()})` : ''}`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.session.dispose();
    // Nothing streams this run any more; what the stream said stays (the sidebar shows it).
    const current = this.isCurrentSubRun && !this.superseded;
    this.deps.store.reportStream(this.target.connectionId, this.target.runId, {
      subRunId: this.target.attemptId,
      streaming: false,
      status: current ? this.eventStatus : undefined,
    });
    this.watching?.dispose();
    this.watching = undefined;
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.batcher.dispose();
    this.outputLines.dispose();
    this.probes?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.deps.disposed(this);
  }
}
