// The one store of live sidebar state: agents, triggers, the Runs list (paged, filtered), each agent's recent
// runs and each run's attempts, per signed-in connection. The three tree providers subscribe to it; it polls the
// runs that are shown and still going (never those a Follow Run stream already reports), backs off on errors,
// and stops when nothing shown is going or no view is visible. No `vscode` import: unit-tested in plain Node.
import type { AgentOsClient } from '../backends/agentos/client';
import { isApiError } from '../net/errors';
import type { Logger } from '../util/logger';
import type { Agent, Run, RunAttempt, RunStatus, Trigger } from '../backends/agentos/wire';
import { isTerminal, type RunFilter } from './presentation';

export type StoreClient = Pick<
  AgentOsClient,
  'listAgents' | 'agents' | 'listRuns' | 'getRun' | 'listTriggers' | 'listAttempts'
>;

export interface StoreSession {
  readonly connection: { readonly id: string; readonly name: string; readonly baseUrl: string };
  readonly client: StoreClient;
}

/** What the store needs from Connections (it satisfies this structurally). */
export interface SessionSource {
  all(): readonly StoreSession[];
  reportSuccess(id: string): void;
  reportError(id: string, error: unknown): void;
}

export type Loaded<T> =
  | { state: 'idle' }
  | { state: 'loading'; promise: Promise<void> }
  | { state: 'loaded'; value: T }
  | { state: 'error'; message: string };

export interface RunList {
  /** Run ids, newest first, in the order the server listed them. */
  ids: string[];
  total?: number;
  hasMore: boolean;
  /** Set while "Load more" is fetching; a second click waits for it. */
  loadingMore?: Promise<void>;
  /** The last "Load more" failure, shown on the Load more node. */
  moreError?: string;
}

export type StoreChange =
  | { kind: 'all' }
  | { kind: 'triggers' | 'runList'; connectionId: string }
  | { kind: 'agents'; connectionId: string; agentId?: string }
  | { kind: 'agentRuns'; connectionId: string; agentId: string }
  | { kind: 'attempts'; connectionId: string; runId: string }
  | { kind: 'runs'; connectionId: string; runIds: string[] }
  | { kind: 'filter' };

export interface StatusChange {
  connectionId: string;
  run: Run;
  previous: RunStatus;
  /** Where the new status was learnt: the server's answers, or a followed run's event stream. */
  source: 'server' | 'stream';
}

export interface StoreOptions {
  log: Logger;
  pageSize: () => number;
  intervalMs: () => number;
  /** True while a Follow Run stream reports this run: it is not polled. */
  isStreaming: (connectionId: string, runId: string) => boolean;
  /** Recent runs shown under an agent. */
  agentRunsLimit?: () => number;
  /** Longest wait between polls after errors. */
  maxBackoffMs?: number;
  /** Above this many active runs, one list request refreshes them instead of one request per run. */
  perRunPollLimit?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

type Listener<T> = (value: T) => void;

/** A tiny event emitter (the store has no `vscode` import). */
export class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // a listener's failure is its own business
      }
    }
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class ConnectionState {
  agents: Loaded<Agent[]> = { state: 'idle' };
  triggers: Loaded<Trigger[]> = { state: 'idle' };
  runList: Loaded<RunList> = { state: 'idle' };
  agentRuns = new Map<string, Loaded<string[]>>();
  attempts = new Map<string, Loaded<RunAttempt[]>>();
  runs = new Map<string, Run>();
  /** Bumped on every reset, so answers to requests made before it are dropped. */
  generation = 0;
  constructor(readonly session: StoreSession) {}
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SidebarStore {
  private readonly states = new Map<string, ConnectionState>();
  private readonly changes = new Emitter<StoreChange>();
  private readonly statusChanges = new Emitter<StatusChange>();
  /** Fires for every change; providers refresh the matching nodes only. */
  readonly onDidChange = this.changes.event;
  /** Fires when a shown run's status changes (from polling or a followed stream). */
  readonly onDidChangeStatus = this.statusChanges.event;
  private filterValue: RunFilter = {};
  private visible = false;
  private timer: unknown;
  private polling = false;
  private currentPoll?: Promise<void>;
  private failures = 0;
  private disposed = false;
  /** Requests made by the poller (for tests and the measurements). */
  pollRequests = 0;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly sessions: SessionSource,
    private readonly options: StoreOptions,
  ) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.syncSessions();
  }

  // ------------------------------------------------------------------------------------------ connections

  /** Signed-in connections in settings order. */
  connections(): StoreSession[] {
    return [...this.sessions.all()];
  }

  /** Drops the state of connections that went away or were rebuilt (sign-out, new key, new URL). */
  syncSessions(): void {
    const live = new Map(this.sessions.all().map((s) => [s.connection.id, s]));
    let changed = false;
    for (const [id, state] of this.states) {
      if (live.get(id) !== state.session) {
        this.states.delete(id);
        changed = true;
      }
    }
    for (const [id, session] of live) {
      if (!this.states.has(id)) {
        this.states.set(id, new ConnectionState(session));
        changed = true;
      }
    }
    if (this.filterValue.connectionId && !live.has(this.filterValue.connectionId)) this.filterValue = {};
    if (changed) {
      this.changes.fire({ kind: 'all' });
      this.schedulePoll();
    }
  }

  private state(connectionId: string): ConnectionState | undefined {
    return this.states.get(connectionId);
  }

  // ------------------------------------------------------------------------------------------ reads

  agents(connectionId: string): Loaded<Agent[]> {
    return this.state(connectionId)?.agents ?? { state: 'idle' };
  }

  agent(connectionId: string, agentId: string): Agent | undefined {
    const agents = this.state(connectionId)?.agents;
    return agents?.state === 'loaded' ? agents.value.find((a) => a.id === agentId) : undefined;
  }

  agentName(connectionId: string, agentId: string | undefined): string | undefined {
    return agentId ? this.agent(connectionId, agentId)?.name : undefined;
  }

  triggers(connectionId: string): Loaded<Trigger[]> {
    return this.state(connectionId)?.triggers ?? { state: 'idle' };
  }

  /** The loaded triggers of one agent (empty until triggers are loaded). */
  triggersOf(connectionId: string, agentId: string): Trigger[] {
    const t = this.triggers(connectionId);
    return t.state === 'loaded' ? t.value.filter((trigger) => trigger.agent_id === agentId) : [];
  }

  runList(connectionId: string): Loaded<RunList> {
    return this.state(connectionId)?.runList ?? { state: 'idle' };
  }

  agentRuns(connectionId: string, agentId: string): Loaded<string[]> {
    return this.state(connectionId)?.agentRuns.get(agentId) ?? { state: 'idle' };
  }

  attempts(connectionId: string, runId: string): Loaded<RunAttempt[]> {
    return this.state(connectionId)?.attempts.get(runId) ?? { state: 'idle' };
  }

  run(connectionId: string, runId: string): Run | undefined {
    return this.state(connectionId)?.runs.get(runId);
  }

  filter(): RunFilter {
    return { ...this.filterValue };
  }

  // ------------------------------------------------------------------------------------------ loads

  /** Loads (once) and returns the agents of a connection; failures are kept as an error state, not thrown. */
  async ensureAgents(connectionId: string): Promise<Loaded<Agent[]>> {
    const s = this.state(connectionId);
    if (!s) return { state: 'idle' };
    return this.ensure(
      s,
      () => s.agents,
      (v) => (s.agents = v),
      async () => {
        const agents: Agent[] = [];
        for await (const agent of s.session.client.agents({ pageSize: 100 })) agents.push(agent);
        return agents;
      },
    );
  }

  async ensureTriggers(connectionId: string): Promise<Loaded<Trigger[]>> {
    const s = this.state(connectionId);
    if (!s) return { state: 'idle' };
    return this.ensure(
      s,
      () => s.triggers,
      (v) => (s.triggers = v),
      () => s.session.client.listTriggers({}),
    );
  }

  /** The first page of the Runs list (with the current filter). */
  async ensureRunList(connectionId: string): Promise<Loaded<RunList>> {
    const s = this.state(connectionId);
    if (!s) return { state: 'idle' };
    const result = await this.ensure(
      s,
      () => s.runList,
      (v) => (s.runList = v),
      async () => {
        const limit = this.pageSize();
        const page = await s.session.client.listRuns({ ...this.query(connectionId), limit, offset: 0 });
        const ids = this.absorb(s, page.items);
        return { ids, total: page.total, hasMore: hasMore(page, 0, limit) };
      },
    );
    this.schedulePoll();
    return result;
  }

  /** The next page of the Runs list; duplicates (runs that moved down as new ones arrived) are skipped. */
  async loadMore(connectionId: string): Promise<void> {
    const s = this.state(connectionId);
    const list = s?.runList;
    if (!s || list?.state !== 'loaded' || !list.value.hasMore) return;
    if (list.value.loadingMore) return list.value.loadingMore;
    const generation = s.generation;
    const value = list.value;
    value.loadingMore = (async () => {
      const limit = this.pageSize();
      const offset = value.ids.length;
      try {
        const page = await s.session.client.listRuns({ ...this.query(connectionId), limit, offset });
        if (s.generation !== generation) return;
        const seen = new Set(value.ids);
        for (const id of this.absorb(s, page.items)) if (!seen.has(id)) value.ids.push(id);
        value.total = page.total ?? value.total;
        value.hasMore = hasMore(page, offset, limit);
        value.moreError = undefined;
        this.sessions.reportSuccess(connectionId);
      } catch (error) {
        value.moreError = errorMessage(error);
        this.sessions.reportError(connectionId, error);
        this.options.log.warn(
          `Loading more runs from ${s.session.connection.name} failed: ${value.moreError}`,
        );
      } finally {
        value.loadingMore = undefined;
      }
      this.changes.fire({ kind: 'runList', connectionId });
      this.schedulePoll();
    })();
    this.changes.fire({ kind: 'runList', connectionId });
    return value.loadingMore;
  }

  async ensureAgentRuns(connectionId: string, agentId: string): Promise<Loaded<string[]>> {
    const s = this.state(connectionId);
    if (!s) return { state: 'idle' };
    const result = await this.ensure(
      s,
      () => s.agentRuns.get(agentId) ?? { state: 'idle' },
      (v) => s.agentRuns.set(agentId, v),
      async () => {
        const page = await s.session.client.listRuns({
          agent_id: agentId,
          limit: this.agentRunsLimit(),
          offset: 0,
        });
        return this.absorb(s, page.items);
      },
    );
    this.schedulePoll();
    return result;
  }

  async ensureAttempts(connectionId: string, runId: string): Promise<Loaded<RunAttempt[]>> {
    const s = this.state(connectionId);
    if (!s) return { state: 'idle' };
    const result = await this.ensure(
      s,
      () => s.attempts.get(runId) ?? { state: 'idle' },
      (v) => s.attempts.set(runId, v),
      async () => {
        const attempts = await s.session.client.listAttempts(runId);
        return [...attempts].sort((a, b) => a.attempt_no - b.attempt_no);
      },
    );
    // Shown attempts of a followed run make it worth polling (see streamTellsAll).
    this.schedulePoll();
    return result;
  }

  private async ensure<T>(
    s: ConnectionState,
    get: () => Loaded<T>,
    set: (value: Loaded<T>) => void,
    load: () => Promise<T>,
  ): Promise<Loaded<T>> {
    const current = get();
    if (current.state === 'loaded' || current.state === 'error') return current;
    if (current.state === 'loading') {
      await current.promise;
      return get();
    }
    const generation = s.generation;
    const id = s.session.connection.id;
    const promise = (async () => {
      try {
        const value = await load();
        if (s.generation !== generation) return;
        set({ state: 'loaded', value });
        this.sessions.reportSuccess(id);
      } catch (error) {
        if (s.generation !== generation) return;
        const message = errorMessage(error);
        set({ state: 'error', message });
        this.sessions.reportError(id, error);
        this.options.log.warn(`${s.session.connection.name}: ${message}`);
      }
    })();
    set({ state: 'loading', promise });
    await promise;
    const after = get();
    return after.state === 'loading' ? { state: 'idle' } : after;
  }

  private agentRunsLimit(): number {
    return Math.max(1, Math.min(50, Math.floor(this.options.agentRunsLimit?.() ?? 5)));
  }

  private pageSize(): number {
    return Math.max(1, Math.min(500, Math.floor(this.options.pageSize())));
  }

  private query(connectionId: string): { agent_id?: string; status?: string } {
    const f = this.filterValue;
    const q: { agent_id?: string; status?: string } = {};
    if (f.agentId && (!f.connectionId || f.connectionId === connectionId)) q.agent_id = f.agentId;
    if (f.status) q.status = f.status;
    return q;
  }

  /** Stores runs from a list answer (one object per run id) and returns their ids in order. */
  private absorb(s: ConnectionState, runs: readonly Run[]): string[] {
    const changed: string[] = [];
    for (const run of runs) if (this.merge(s, run)) changed.push(run.id);
    if (changed.length > 0)
      this.changes.fire({ kind: 'runs', connectionId: s.session.connection.id, runIds: changed });
    return runs.map((r) => r.id);
  }

  /** Puts a newer copy of a run in the store; true when something shown changed. Reports status changes. */
  private merge(s: ConnectionState, run: Run, source: StatusChange['source'] = 'server'): boolean {
    const old = s.runs.get(run.id);
    s.runs.set(run.id, run);
    const connectionId = s.session.connection.id;
    this.touchAgent(s, run);
    if (!old) return false;
    if (old.status !== run.status) {
      this.statusChanges.fire({ connectionId, run, previous: old.status, source });
      if ((old.current_attempt_no ?? 1) !== (run.current_attempt_no ?? 1)) s.attempts.delete(run.id);
      else this.patchCurrentAttempt(s, run);
      return true;
    }
    if ((old.current_attempt_no ?? 1) !== (run.current_attempt_no ?? 1)) {
      s.attempts.delete(run.id);
      return true;
    }
    if (old.latest_seq !== run.latest_seq) this.patchCurrentAttempt(s, run);
    return old.latest_seq !== run.latest_seq || old.completed_at !== run.completed_at;
  }

  /**
   * Carries a fresher run's status and event count over to its current attempt, so the attempt row under the run
   * keeps counting (the attempts list is loaded once; the run is what polling refreshes).
   */
  private patchCurrentAttempt(s: ConnectionState, run: Run): void {
    const attempts = s.attempts.get(run.id);
    if (attempts?.state !== 'loaded') return;
    const current = attempts.value.find((a) => a.id === run.current_attempt_id);
    if (!current) return;
    current.status = run.status;
    // A run's latest_seq is its current attempt's (the events of a run are those of its current attempt).
    if (typeof run.latest_seq === 'number') current.latest_seq = run.latest_seq;
    if (run.completed_at) current.completed_at ??= run.completed_at;
  }

  /** Keeps an agent's last-run status in step with its last run, without asking the server again. */
  private touchAgent(s: ConnectionState, run: Run): void {
    if (s.agents.state !== 'loaded' || !run.agent_id) return;
    const agent = s.agents.value.find((a) => a.id === run.agent_id);
    if (!agent) return;
    const newer = !agent.last_run_at || Date.parse(run.created_at) > Date.parse(agent.last_run_at);
    if (agent.last_run_id === run.id || newer) {
      const changed = agent.last_run_status !== run.status || agent.last_run_id !== run.id;
      agent.last_run_id = run.id;
      agent.last_run_status = run.status;
      agent.last_run_at = run.created_at;
      if (changed)
        this.changes.fire({ kind: 'agents', connectionId: s.session.connection.id, agentId: agent.id });
    }
  }

  // ------------------------------------------------------------------------------------------ writes

  /** A run learnt outside a list (created, cancelled, fetched for JSON). New runs go on top of the lists. */
  upsertRun(connectionId: string, run: Run, options: { isNew?: boolean } = {}): void {
    const s = this.state(connectionId);
    if (!s) return;
    const changed = this.merge(s, run);
    if (options.isNew) {
      const list = s.runList;
      if (
        list.state === 'loaded' &&
        !list.value.ids.includes(run.id) &&
        this.matchesFilter(connectionId, run)
      ) {
        list.value.ids.unshift(run.id);
        if (list.value.total !== undefined) list.value.total++;
        this.changes.fire({ kind: 'runList', connectionId });
      }
      const recent = run.agent_id ? s.agentRuns.get(run.agent_id) : undefined;
      if (recent?.state === 'loaded' && !recent.value.includes(run.id) && run.agent_id) {
        recent.value.unshift(run.id);
        recent.value.splice(this.agentRunsLimit());
        this.changes.fire({ kind: 'agentRuns', connectionId, agentId: run.agent_id });
      }
    }
    if (changed) this.changes.fire({ kind: 'runs', connectionId, runIds: [run.id] });
    this.schedulePoll();
  }

  /** A status reported by a followed run's event stream: shown at once. Unknown runs are ignored. */
  applyStatus(connectionId: string, runId: string, status: RunStatus): void {
    const s = this.state(connectionId);
    const old = s?.runs.get(runId);
    if (!s || !old || old.status === status) return;
    const run: Run = { ...old, status };
    if (isTerminal(status) && !run.completed_at) run.completed_at = new Date().toISOString();
    if (this.merge(s, run, 'stream')) this.changes.fire({ kind: 'runs', connectionId, runIds: [runId] });
    this.schedulePoll();
  }

  private matchesFilter(connectionId: string, run: Run): boolean {
    const q = this.query(connectionId);
    return (!q.agent_id || run.agent_id === q.agent_id) && (!q.status || run.status === q.status);
  }

  setFilter(filter: RunFilter): void {
    this.filterValue = { ...filter };
    for (const s of this.states.values()) {
      s.runList = { state: 'idle' };
      s.generation++;
    }
    this.changes.fire({ kind: 'filter' });
  }

  /** Forgets what was loaded (one connection or all); the views load again when VS Code asks. */
  refresh(connectionId?: string): void {
    for (const s of this.states.values()) {
      if (connectionId && s.session.connection.id !== connectionId) continue;
      s.generation++;
      s.agents = { state: 'idle' };
      s.triggers = { state: 'idle' };
      s.runList = { state: 'idle' };
      s.agentRuns.clear();
      s.attempts.clear();
      s.runs.clear();
    }
    this.failures = 0;
    this.changes.fire({ kind: 'all' });
  }

  private countErrors(): number {
    let n = 0;
    for (const s of this.states.values()) {
      for (const l of [s.agents, s.triggers, s.runList, ...s.agentRuns.values(), ...s.attempts.values()])
        if (l.state === 'error') n++;
    }
    return n;
  }

  /** Forgets failed loads (after a Retry or a health change) so the views try them again. */
  retryFailed(): void {
    const before = this.countErrors();
    let cleared = false;
    for (const s of this.states.values()) {
      if (s.agents.state === 'error') s.agents = { state: 'idle' };
      if (s.triggers.state === 'error') s.triggers = { state: 'idle' };
      if (s.runList.state === 'error') s.runList = { state: 'idle' };
      for (const map of [s.agentRuns, s.attempts] as Map<string, Loaded<unknown>>[]) {
        for (const [key, value] of map) if (value.state === 'error') map.delete(key);
      }
    }
    const after = this.countErrors();
    if (after < before) cleared = true;
    if (cleared) this.changes.fire({ kind: 'all' });
  }

  // ------------------------------------------------------------------------------------------ polling

  /** The views tell the store whether any of them is visible; hidden views are not kept up to date. */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    if (visible) this.schedulePoll();
    else this.stopPolling();
  }

  /** Resolves when the poll round started by the timer (if any) has finished (tests). */
  async whenPolled(): Promise<void> {
    await this.currentPoll;
  }

  isPolling(): boolean {
    return this.timer !== undefined || this.polling;
  }

  /** Run ids that are shown (Runs list, agents' recent runs, agents' last runs) and not terminal. */
  activeRuns(connectionId: string): string[] {
    const s = this.state(connectionId);
    if (!s) return [];
    const shown = new Set<string>();
    if (s.runList.state === 'loaded') for (const id of s.runList.value.ids) shown.add(id);
    for (const recent of s.agentRuns.values())
      if (recent.state === 'loaded') for (const id of recent.value) shown.add(id);
    const active: string[] = [];
    for (const id of shown) {
      const run = s.runs.get(id);
      if (run && !isTerminal(run.status) && !this.streamTellsAll(s, connectionId, id)) active.push(id);
    }
    if (s.agents.state === 'loaded') {
      for (const agent of s.agents.value) {
        const id = agent.last_run_id;
        if (!id || shown.has(id) || isTerminal(agent.last_run_status) || !agent.last_run_status) continue;
        if (!this.options.isStreaming(connectionId, id)) active.push(id);
      }
    }
    return active;
  }

  /**
   * A followed run's stream reports its status, so it need not be polled for that — but not its event count: while
   * the run's attempts are shown (the run was expanded), it is polled like any other so their counts keep up.
   */
  private streamTellsAll(s: ConnectionState, connectionId: string, runId: string): boolean {
    return this.options.isStreaming(connectionId, runId) && s.attempts.get(runId)?.state !== 'loaded';
  }

  /** Starts the poll timer when something shown is going and a view is visible; otherwise leaves it off. */
  schedulePoll(): void {
    if (this.disposed || !this.visible || this.timer !== undefined || this.polling) return;
    if (!this.connections().some((c) => this.activeRuns(c.connection.id).length > 0)) return;
    const base = this.options.intervalMs();
    const delay = Math.min(base * 2 ** this.failures, this.options.maxBackoffMs ?? 60_000);
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.currentPoll = this.pollNow();
    }, delay);
  }

  private stopPolling(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** One poll round over every connection. Public for tests. */
  async pollNow(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    let failed = false;
    try {
      for (const session of this.connections()) {
        if (!(await this.pollConnection(session.connection.id))) failed = true;
      }
    } finally {
      this.polling = false;
    }
    this.failures = failed ? Math.min(this.failures + 1, 10) : 0;
    this.schedulePoll();
  }

  private async pollConnection(connectionId: string): Promise<boolean> {
    const s = this.state(connectionId);
    if (!s) return true;
    const active = new Set(this.activeRuns(connectionId));
    if (active.size === 0) return true;
    const generation = s.generation;
    const client = s.session.client;
    try {
      const list = s.runList;
      const perRunLimit = this.options.perRunPollLimit ?? 2;
      if (active.size > perRunLimit && list.state === 'loaded') {
        // One request refreshes every active run on the first page (and brings in runs started elsewhere).
        const limit = Math.min(500, Math.max(this.pageSize(), 1));
        this.pollRequests++;
        const page = await client.listRuns({ ...this.query(connectionId), limit, offset: 0 });
        if (s.generation !== generation) return true;
        const known = new Set(list.value.ids);
        const fresh = page.items.filter((r) => !known.has(r.id));
        this.absorb(s, page.items);
        if (fresh.length > 0 && page.items.slice(0, fresh.length).every((r) => !known.has(r.id))) {
          list.value.ids.unshift(...fresh.map((r) => r.id));
          if (list.value.total !== undefined)
            list.value.total = page.total ?? list.value.total + fresh.length;
          this.changes.fire({ kind: 'runList', connectionId });
        }
        for (const run of page.items) active.delete(run.id);
      }
      for (const runId of active) {
        this.pollRequests++;
        const run = await client.getRun(runId);
        if (s.generation !== generation) return true;
        this.upsertQuiet(s, run);
      }
      this.sessions.reportSuccess(connectionId);
      return true;
    } catch (error) {
      this.sessions.reportError(connectionId, error);
      if (isApiError(error, 'notFound')) return true;
      this.options.log.warn(`Refreshing runs of ${s.session.connection.name} failed: ${errorMessage(error)}`);
      return false;
    }
  }

  private upsertQuiet(s: ConnectionState, run: Run): void {
    if (this.merge(s, run))
      this.changes.fire({ kind: 'runs', connectionId: s.session.connection.id, runIds: [run.id] });
  }

  dispose(): void {
    this.disposed = true;
    this.stopPolling();
    this.changes.dispose();
    this.statusChanges.dispose();
  }
}

function hasMore(
  page: { items: unknown[]; total?: number; has_more?: boolean; next_offset?: number | null },
  offset: number,
  limit: number,
): boolean {
  if (typeof page.has_more === 'boolean') return page.has_more;
  if (page.next_offset === null) return false;
  if (typeof page.total === 'number') return offset + page.items.length < page.total;
  return page.items.length >= limit;
}
