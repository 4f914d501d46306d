// One followed attempt: the webview panel and the follow session that feeds it, the output channel, the run-status
// bus and (through the manager) the status bar. The host keeps no event history: the webview holds the rows, and
// a reloaded webview says which seqs it has (`ready`), so the follow resumes right after them.
import * as vscode from 'vscode';
import type { AgentOsClient } from '../api/client';
import { findChatwootTrigger } from '../api/chatwoot';
import { isApiError } from '../api/errors';
import type { Logger } from '../api/logger';
import type { RunEventDto } from '../api/models';
import { config } from '../core/config';
import { DEFAULT_CONNECTION_ID } from '../core/connection-rules';
import type { Connections } from '../core/connections';
import type { RunStatusBus } from '../core/run-status';
import { follow, type FollowState } from '../stream/follow';
import { Batcher } from './batcher';
import { getHtml, newNonce } from './html';
import {
  parseWebviewMessage,
  type ConnectionView,
  type HeaderDto,
  type HostMessage,
  type ProbeOp,
  type RowDto,
  type WebviewMessage,
} from './protocol';
import { packRows } from './row-pack';
import { panelKey, shortId, type FollowTarget } from './run-ref';

export type { FollowTarget };
import { OutputLines, tokenText } from './output-lines';
import { fullJson, isTerminalStatus, statusFromEvent, toRow } from './timeline';

export interface PanelDeps {
  connections: Connections;
  log: Logger;
  /** Where the one line per event goes (the AgentOS LogOutputChannel). */
  output: { info(line: string): void };
  runStatus: RunStatusBus;
  extensionUri: vscode.Uri;
  /** Opens (or reveals) the panel of another attempt of this run. */
  followAttempt(target: FollowTarget): void;
  /** Something the status bar shows changed. */
  changed(panel: FollowPanel): void;
  disposed(panel: FollowPanel): void;
}

const MAX_ROWS_PER_MESSAGE = 5_000;
/** A backlog at least this long is previewed: its latest events are shown while the rest is replayed. */
const PREVIEW_MIN_BACKLOG = 5_000;
/** How many of the latest events the preview shows (one request; a few screens). */
const PREVIEW_ROWS = 200;

interface Preview {
  rows: RowDto[];
  total: number;
}

type Update =
  | { kind: 'row'; row: RowDto }
  | { kind: 'preview'; preview: Preview }
  | { kind: 'header' }
  | { kind: 'connection' };

export interface PanelSummary {
  label: string;
  status?: string;
  connection: ConnectionView;
  events: number;
  ended: boolean;
  endedAt?: number;
}

export class FollowPanel implements vscode.Disposable {
  readonly key: string;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly header: HeaderDto;
  private connection: ConnectionView = { kind: 'connecting' };
  private readonly batcher: Batcher<Update>;
  private ready = false;
  private abort?: AbortController;
  /** Highest seq handed to the current webview instance (queued or posted). */
  private sentThrough = 0;
  /** Highest seq written to the output channel (survives webview reloads, so no line is written twice). */
  private loggedThrough = 0;
  private eventStatus?: string;
  /** Seq of the event that set `eventStatus`. */
  private statusSeq = 0;
  private reportedStatus?: string;
  private terminalSeq?: number;
  private stoppedByUser = false;
  private cancelUnsupported = false;
  private isCurrentAttempt = true;
  private superseded = false;
  private offeredAttempts = new Set<string>();
  private readonly openedAt = Date.now();
  private endedAt?: number;
  private metaTimer?: ReturnType<typeof setTimeout>;
  private probeSeq = 0;
  private readonly probes = new Map<number, (result: unknown) => void>();
  private disposed = false;
  /** The client the current follow streams with: a sign-out or key change replaces it (or takes it away). */
  private followClient?: AgentOsClient;
  /** This run's lines in the output channel (runs of LLM tokens joined into one). */
  private readonly outputLines: OutputLines;
  /** The latest events, shown ahead of a long replay until it reaches them (kept for a webview reload meanwhile). */
  private preview?: Preview;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly target: FollowTarget,
    private readonly deps: PanelDeps,
    options: { restored: boolean },
  ) {
    this.key = panelKey(target.connectionId, target.runId, target.attemptId);
    const session = deps.connections.get(target.connectionId);
    this.header = {
      connectionName: session?.connection.name ?? target.connectionId,
      runId: target.runId,
      attemptId: target.attemptId,
      canCancel: false,
      hasInbox: false,
    };
    this.outputLines = new OutputLines(`run ${shortId(target.runId)}`, {
      write: (line) => deps.output.info(line),
    });
    this.batcher = new Batcher<Update>((updates) => this.deliver(updates), {
      intervalMs: 50,
      maxItems: 4_000,
    });
    panel.iconPath = {
      light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'agentos.svg'),
      dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'agentos.svg'),
    };
    this.updateTitle();
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    deps.connections.onDidChange(() => this.onConnectionsChanged(), undefined, this.disposables);
    panel.onDidChangeViewState(
      () => {
        if (panel.visible && this.needsMetadataPolling()) this.scheduleMetadata(0);
        deps.changed(this);
      },
      undefined,
      this.disposables,
    );
    panel.webview.html = getHtml(panel.webview, deps.extensionUri, newNonce());
    void this.loadMetadata(true);
    // A new panel follows at once, holding its rows until the webview says it is ready (even one hidden before it
    // ever loads): rows posted earlier would race the webview's `ready` and be sent twice. A restored panel waits
    // for its webview to say where to resume.
    if (!options.restored) {
      this.batcher.pause();
      this.startFollow(0);
      void this.loadPreview();
    }
  }

  // ---------------------------------------------------------------- state for the manager and tests

  get client(): AgentOsClient | undefined {
    return this.deps.connections.get(this.target.connectionId)?.client;
  }

  summary(): PanelSummary {
    return {
      label: `${this.header.agentName ?? shortId(this.target.runId)}${this.header.attemptNo ? ` #${this.header.attemptNo}` : ''}`,
      status: this.eventStatus ?? this.header.status,
      connection: this.connection,
      events: this.sentThrough,
      ended: this.connection.kind === 'ended',
      endedAt: this.endedAt,
    };
  }

  get isFollowing(): boolean {
    return this.abort !== undefined && !this.abort.signal.aborted;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Asks the webview something (tests, benchmarks). */
  probe(probe: ProbeOp, timeoutMs = 15_000): Promise<unknown> {
    const id = ++this.probeSeq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.probes.delete(id);
        reject(new Error(`the webview did not answer probe ${probe.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.probes.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.batcher.flush();
      void this.post({ type: 'probe', id, probe });
    });
  }

  // ---------------------------------------------------------------- messages from the webview

  private onMessage(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.deps.log.warn(`Follow Run: ignored an unexpected message from the panel of ${this.target.runId}.`);
      return;
    }
    void this.handle(message).catch((error: unknown) => {
      this.deps.log.error(`Follow Run: ${message.type} failed: ${errorText(error)}`);
      void vscode.window.showErrorMessage(`AgentOS: ${errorText(error)}`);
    });
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'resync':
        this.onReady(message.haveThrough, message.type === 'ready');
        return;
      case 'stop':
        this.stop();
        return;
      case 'resume':
      case 'retry':
        this.resume();
        return;
      case 'signIn': {
        const known = this.deps.connections.configured().find((c) => c.id === this.target.connectionId);
        await vscode.commands.executeCommand('agentos.signIn', {
          baseUrl: known?.baseUrl,
          name: known && known.id !== DEFAULT_CONNECTION_ID ? known.name : undefined,
        });
        return;
      }
      case 'cancelRun':
        await this.cancelRun(true);
        return;
      case 'openInbox':
        await vscode.commands.executeCommand('agentos.openInbox', {
          connectionId: this.target.connectionId,
          agentId: this.header.agentId,
        });
        return;
      case 'copyRunId':
        await vscode.env.clipboard.writeText(this.target.runId);
        void vscode.window.setStatusBarMessage(`Copied run id ${this.target.runId}`, 3000);
        return;
      case 'copyEvent': {
        const event = await this.fetchEvent(message.seq);
        await vscode.env.clipboard.writeText(fullJson(event));
        void vscode.window.setStatusBarMessage(`Copied event #${message.seq}`, 3000);
        return;
      }
      case 'openPayload': {
        const event = await this.fetchEvent(message.seq);
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: fullJson(event) });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        return;
      }
      case 'followAttempt':
        this.deps.followAttempt({ ...this.target, attemptId: message.attemptId });
        return;
      case 'openLink':
        await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
        return;
      case 'probeResult': {
        const resolve = this.probes.get(message.id);
        this.probes.delete(message.id);
        resolve?.(message.result);
        return;
      }
    }
  }

  /** The webview (re)loaded holding seqs 1..haveThrough: tell it everything, then send what follows. */
  private onReady(haveThrough: number, fresh: boolean): void {
    const held = this.sentThrough > 0 || this.isFollowing;
    if (!this.ready && this.batcher.isPaused && haveThrough === 0 && held) {
      // First load of a panel that has been following since it opened: hand over what was held back.
      this.ready = true;
      void this.post({
        type: 'init',
        connectionId: this.target.connectionId,
        header: { ...this.header },
        connection: this.connection,
      });
      this.batcher.resume();
      return;
    }
    this.ready = true;
    this.batcher.clear();
    this.batcher.resume();
    const resend = haveThrough !== this.sentThrough;
    this.sentThrough = haveThrough;
    if (fresh) {
      void this.post({
        type: 'init',
        connectionId: this.target.connectionId,
        header: { ...this.header },
        connection: this.connection,
      });
    }
    if (this.preview && haveThrough < (this.preview.rows[0] as RowDto).seq - 1)
      this.batcher.push({ kind: 'preview', preview: this.preview });
    const complete = this.terminalSeq !== undefined && haveThrough >= this.terminalSeq;
    if (complete) return;
    if (this.stoppedByUser) {
      this.setConnection({ kind: 'stopped' });
      return;
    }
    if (!this.isFollowing || resend) this.startFollow(haveThrough);
  }

  // ---------------------------------------------------------------- following

  private startFollow(afterSeq: number): void {
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    this.endedAt = undefined;
    void this.runFollow(afterSeq, controller.signal).finally(() => {
      if (this.abort === controller) this.abort = undefined;
      this.publishStatus();
      this.deps.changed(this);
    });
  }

  private async runFollow(afterSeq: number, signal: AbortSignal): Promise<void> {
    const session = this.deps.connections.get(this.target.connectionId);
    this.followClient = session?.client;
    if (!session) {
      this.setConnection({ kind: 'signedOut', connectionName: this.header.connectionName });
      return;
    }
    this.setConnection({ kind: 'connecting' });
    try {
      const items = follow(session.client, this.target.runId, this.target.attemptId, {
        afterSeq,
        signal,
        stallTimeoutMs: config.stallTimeoutMs(),
        maxReconnects: config.maxReconnects(),
        logger: this.deps.log,
      });
      let sliceStart = performance.now();
      for await (const item of items) {
        if (signal.aborted) break;
        if (item.kind === 'event') this.onEvent(item.event);
        else this.onState(item.state);
        // A replay whose bytes are all there never waits on I/O, so timers (the batch flush) would not run
        // until it ends: give the event loop a turn every ~16 ms of work.
        if (performance.now() - sliceStart > 16) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      this.setConnection({ kind: 'failed', reason: errorText(error) });
    }
  }

  /**
   * A long backlog takes seconds to replay, so its latest events are fetched first (two small requests beside the
   * stream) and shown at once; the webview swaps in the whole history when the replay reaches them.
   */
  private async loadPreview(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const { runId, attemptId } = this.target;
    try {
      const peek = await client.pollEvents(runId, { attemptId, afterSeq: 0, limit: 1 });
      const latest = peek.latest_seq;
      if (typeof latest !== 'number' || latest - this.sentThrough < PREVIEW_MIN_BACKLOG || this.disposed)
        return;
      const from = latest - PREVIEW_ROWS;
      const page = await client.pollEvents(runId, { attemptId, afterSeq: from, limit: PREVIEW_ROWS });
      const events: RunEventDto[] = [];
      for (const event of page.events) {
        // Only a gap-free run of seqs is shown, each once.
        if (event.seq !== from + events.length + 1) break;
        events.push(event);
      }
      if (events.length === 0 || this.disposed || this.sentThrough >= from) return;
      this.preview = { rows: events.map(toRow), total: latest };
      this.batcher.push({ kind: 'preview', preview: this.preview });
      // The header says how the run stands now (e.g. completed), not what the replay has reached (running).
      for (const event of events) {
        const status = statusFromEvent(event.type);
        if (status) this.onStatusEvent(status, event);
      }
    } catch (error) {
      // The replay shows everything anyway; the preview only makes it readable sooner.
      this.deps.log.debug(`Follow Run: no preview of run ${runId}: ${errorText(error)}`);
    }
  }

  private onEvent(event: RunEventDto): void {
    const seq = event.seq;
    if (seq <= this.sentThrough) return;
    const row = toRow(event);
    this.sentThrough = seq;
    this.batcher.push({ kind: 'row', row });
    if (seq > this.loggedThrough) {
      this.loggedThrough = seq;
      this.outputLines.add(row, tokenText(event.type, event.payload));
      const status = statusFromEvent(event.type);
      if (status) this.onStatusEvent(status, event);
    }
  }

  private onStatusEvent(status: string, event: RunEventDto): void {
    // A replayed event older than one the preview already applied changes nothing.
    if (event.seq <= this.statusSeq) return;
    this.statusSeq = event.seq;
    this.eventStatus = status;
    if (status === 'cancelled') {
      const p = event.payload as {
        reason?: unknown;
        next_attempt_id?: unknown;
        next_attempt_no?: unknown;
      } | null;
      if (p && typeof p === 'object' && p.reason === 'superseded') {
        this.superseded = true;
        this.isCurrentAttempt = false;
        if (typeof p.next_attempt_id === 'string') {
          this.offerAttempt(
            p.next_attempt_id,
            typeof p.next_attempt_no === 'number' ? p.next_attempt_no : undefined,
          );
        }
      }
    }
    this.header.status = status;
    if (isTerminalStatus(status)) {
      this.header.canCancel = false;
      this.header.endedAt = typeof event.timestamp === 'string' ? event.timestamp : undefined;
    }
    this.queueHeader();
    this.maybeNotify(status, event);
    // A terminal or waiting event is when a retry/resume usually starts a new attempt: look soon.
    if (isTerminalStatus(status) || status === 'waiting_for_human') this.scheduleMetadata(1_000);
  }

  private onState(state: FollowState): void {
    switch (state.type) {
      case 'connecting':
        this.setConnection({ kind: 'connecting' });
        return;
      case 'live':
        this.setConnection({ kind: 'live' });
        return;
      case 'reconnecting':
        this.setConnection({
          kind: 'reconnecting',
          attempt: state.attempt,
          delayMs: state.delayMs,
          reason: state.reason,
        });
        return;
      case 'polling':
        this.setConnection({ kind: 'polling', reason: state.reason });
        return;
      case 'ended':
        this.terminalSeq = state.terminalEvent.seq;
        this.endedAt = Date.now();
        this.setConnection({ kind: 'ended', terminalType: String(state.terminalEvent.type) });
        return;
      case 'failed':
        // A client closed under the follow (sign-out, key change): the connection change decides what comes next.
        if (isApiError(state.error, 'closed')) this.onConnectionsChanged();
        else this.setConnection({ kind: 'failed', reason: state.reason });
        return;
    }
  }

  /**
   * Sign-out stops the follow at once (its client is closed) and says so; a sign-in or a new key resumes it right
   * after the last event shown, with the new client. Nothing is ever sent with a key that is gone.
   */
  private onConnectionsChanged(): void {
    if (this.disposed) return;
    const client = this.deps.connections.get(this.target.connectionId)?.client;
    const ended = this.terminalSeq !== undefined && this.sentThrough >= this.terminalSeq;
    if (!client) {
      if (this.followClient === undefined && this.connection.kind === 'signedOut') return;
      this.abort?.abort();
      this.abort = undefined;
      this.followClient = undefined;
      if (!ended) this.setConnection({ kind: 'signedOut', connectionName: this.header.connectionName });
      return;
    }
    // Signed out, or failed (a rejected key, say): a new client is the cue to go on.
    const waiting = this.connection.kind === 'signedOut' || this.connection.kind === 'failed';
    if (client === this.followClient && !waiting) return;
    if (!this.isFollowing && !waiting) return;
    this.abort?.abort();
    this.abort = undefined;
    this.followClient = undefined;
    if (waiting) void this.loadMetadata(false);
    if (ended) return;
    if (this.stoppedByUser) this.setConnection({ kind: 'stopped' });
    else if (this.ready) this.startFollow(this.sentThrough);
  }

  stop(): void {
    this.stoppedByUser = true;
    this.abort?.abort();
    this.abort = undefined;
    if (this.connection.kind !== 'ended') this.setConnection({ kind: 'stopped' });
    this.publishStatus();
  }

  resume(): void {
    this.stoppedByUser = false;
    if (this.terminalSeq !== undefined && this.sentThrough >= this.terminalSeq) return;
    if (this.ready) this.startFollow(this.sentThrough);
  }

  private setConnection(state: ConnectionView): void {
    this.connection = state;
    if (state.kind !== 'live' && state.kind !== 'polling') this.outputLines.flush();
    this.batcher.push({ kind: 'connection' });
    this.deps.changed(this);
    if (this.needsMetadataPolling() && this.panel.visible && !this.metaTimer)
      this.scheduleMetadata(config.refreshIntervalMs());
  }

  private queueHeader(): void {
    this.batcher.push({ kind: 'header' });
  }

  private deliver(updates: Update[]): PromiseLike<unknown> | void {
    const rows: RowDto[] = [];
    let header = false;
    let connection = false;
    let preview: Preview | undefined;
    for (const u of updates) {
      if (u.kind === 'row') rows.push(u.row);
      else if (u.kind === 'preview') preview = u.preview;
      else if (u.kind === 'header') header = true;
      else connection = true;
    }
    if (this.preview && this.sentThrough >= (this.preview.rows.at(-1) as RowDto).seq)
      this.preview = undefined;
    // The preview goes first: the webview shows it only while the rows it holds are still short of it.
    if (preview) void this.post({ type: 'preview', rows: packRows(preview.rows), total: preview.total });
    this.publishStatus();
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
        if (connection) message.connection = this.connection;
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

  /** Tells the sidebar the run's status as the stream shows it (only for the run's current attempt). */
  private publishStatus(): void {
    const status = this.eventStatus;
    if (!status || !this.isCurrentAttempt || this.superseded) return;
    const streaming = this.isFollowing && this.connection.kind !== 'ended';
    const key = `${status}/${streaming}`;
    if (key === this.reportedStatus) return;
    this.reportedStatus = key;
    this.deps.runStatus.report({
      connectionId: this.target.connectionId,
      runId: this.target.runId,
      status,
      attemptId: this.target.attemptId,
      streaming,
    });
  }

  // ---------------------------------------------------------------- run metadata, new attempts, actions

  private scheduleMetadata(delayMs: number): void {
    if (this.disposed) return;
    if (this.metaTimer) clearTimeout(this.metaTimer);
    this.metaTimer = setTimeout(() => void this.loadMetadata(false), delayMs);
  }

  /** Run, attempts, agent name and inbox (first time); then the run alone, every refresh interval while visible. */
  private async loadMetadata(first: boolean): Promise<void> {
    this.metaTimer = undefined;
    if (this.disposed) return;
    const client = this.client;
    try {
      if (!client) return;
      const run = await client.getRun(this.target.runId);
      if (this.disposed) return;
      const h = this.header;
      h.agentId = run.agent_id ?? h.agentId;
      h.attemptCount = run.current_attempt_no ?? h.attemptCount;
      h.startedAt ??= run.started_at;
      this.isCurrentAttempt =
        !this.superseded && (!run.current_attempt_id || run.current_attempt_id === this.target.attemptId);
      if (this.isCurrentAttempt) {
        h.status = this.eventStatus ?? run.status;
        if (isTerminalStatus(run.status)) h.endedAt ??= run.completed_at;
      } else if (run.current_attempt_id) {
        this.offerAttempt(run.current_attempt_id, run.current_attempt_no);
      }
      if (first) {
        const [attempts, agent, triggers] = await Promise.all([
          client.listAttempts(this.target.runId).catch(() => []),
          h.agentId ? client.getAgent(h.agentId).catch(() => undefined) : undefined,
          h.agentId ? client.listTriggers({ agent_id: h.agentId }).catch(() => []) : [],
        ]);
        const mine = attempts.find((a) => a.id === this.target.attemptId);
        if (mine) {
          h.attemptNo = mine.attempt_no;
          if (!this.isCurrentAttempt && mine.status) h.status = this.eventStatus ?? mine.status;
        }
        h.attemptCount = Math.max(h.attemptCount ?? 0, attempts.length, h.attemptNo ?? 0) || h.attemptCount;
        if (agent?.name) h.agentName = agent.name;
        h.hasInbox = findChatwootTrigger(triggers) !== undefined;
        this.updateTitle();
      }
      h.canCancel = this.isCurrentAttempt && !isTerminalStatus(h.status) && !this.cancelUnsupported;
      this.queueHeader();
      this.deps.changed(this);
    } catch (error) {
      this.deps.log.debug(`Follow Run: could not refresh run ${this.target.runId}: ${errorText(error)}`);
    } finally {
      if (!this.disposed && this.panel.visible && !this.metaTimer && this.needsMetadataPolling())
        this.scheduleMetadata(config.refreshIntervalMs());
    }
  }

  /**
   * Only a panel that is not following has to ask the server how the run stands: a live (or polling) stream tells
   * it, and a finished attempt changes no more.
   */
  private needsMetadataPolling(): boolean {
    const kind = this.connection.kind;
    return kind === 'stopped' || kind === 'failed';
  }

  private offerAttempt(attemptId: string, attemptNo: number | undefined): void {
    if (attemptId === this.target.attemptId || this.offeredAttempts.has(attemptId)) return;
    if (attemptNo !== undefined && this.header.attemptNo !== undefined && attemptNo <= this.header.attemptNo)
      return;
    this.offeredAttempts.add(attemptId);
    if (attemptNo !== undefined)
      this.header.attemptCount = Math.max(this.header.attemptCount ?? 0, attemptNo);
    this.isCurrentAttempt = false;
    this.header.canCancel = false;
    this.queueHeader();
    this.batcher.flush();
    void this.post({ type: 'newAttempt', attemptId, attemptNo });
  }

  /** Cancels the run on the server (after asking, unless `confirm` is false). */
  async cancelRun(confirm: boolean): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (confirm) {
      const choice = await vscode.window.showWarningMessage(
        `Cancel run ${this.target.runId}${this.header.agentName ? ` of ${this.header.agentName}` : ''}?`,
        { modal: true, detail: 'The run stops on the server. This cannot be undone.' },
        'Cancel Run',
      );
      if (choice !== 'Cancel Run') return;
    }
    try {
      await client.cancelRun(this.target.runId);
      this.deps.log.info(`Follow Run: asked the server to cancel run ${this.target.runId}.`);
    } catch (error) {
      if (isApiError(error) && (error.status === 404 || error.status === 405)) {
        this.cancelUnsupported = true;
        this.header.canCancel = false;
        this.queueHeader();
        void vscode.window.showWarningMessage('AgentOS: this server cannot cancel runs.');
        return;
      }
      throw error;
    }
  }

  private async fetchEvent(seq: number): Promise<RunEventDto> {
    const client = this.client;
    if (!client) throw new Error(`Not signed in to ${this.header.connectionName}.`);
    const page = await client.pollEvents(this.target.runId, {
      attemptId: this.target.attemptId,
      afterSeq: seq - 1,
      limit: 1,
    });
    const event = page.events.find((e) => e.seq === seq);
    if (!event) throw new Error(`Event #${seq} of run ${this.target.runId} was not found on the server.`);
    return event;
  }

  private maybeNotify(status: string, event: RunEventDto): void {
    const level = config.notifications();
    if (level === 'off' || !this.isCurrentAttempt || this.superseded) return;
    const wanted =
      status === 'failed' ||
      status === 'waiting_for_human' ||
      (level === 'all' && (status === 'completed' || status === 'cancelled'));
    if (!wanted) return;
    // Only news: an event written before the panel opened (a replay) is not announced.
    const at = Date.parse(typeof event.timestamp === 'string' ? event.timestamp : '');
    if (!Number.isFinite(at) || at < this.openedAt - 5_000) return;
    if (this.panel.visible && this.panel.active) return;
    const name = this.header.agentName ?? `run ${shortId(this.target.runId)}`;
    const text =
      status === 'waiting_for_human'
        ? `AgentOS: ${name} is waiting for human input.`
        : `AgentOS: ${name} ${status === 'completed' ? 'completed' : status}.`;
    const actions = ['Show Run'];
    if (status === 'waiting_for_human' && this.header.hasInbox) actions.push('Open Inbox');
    const show = status === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    void show(text, ...actions).then((choice) => {
      if (choice === 'Show Run') this.reveal();
      else if (choice === 'Open Inbox')
        void vscode.commands.executeCommand('agentos.openInbox', {
          connectionId: this.target.connectionId,
          agentId: this.header.agentId,
        });
    });
  }

  private updateTitle(): void {
    const who = this.header.agentName ?? 'Run';
    const attempt =
      this.header.attemptNo && (this.header.attemptCount ?? 1) > 1
        ? ` (attempt ${this.header.attemptNo})`
        : '';
    this.panel.title = `${who} · ${shortId(this.target.runId)}${attempt}`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    this.abort = undefined;
    this.batcher.dispose();
    this.outputLines.dispose();
    if (this.metaTimer) clearTimeout(this.metaTimer);
    if (this.eventStatus && this.isCurrentAttempt && !this.superseded) {
      this.deps.runStatus.report({
        connectionId: this.target.connectionId,
        runId: this.target.runId,
        status: this.eventStatus,
        attemptId: this.target.attemptId,
        streaming: false,
      });
    }
    for (const resolve of this.probes.values()) resolve(undefined);
    this.probes.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.deps.disposed(this);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
