/**
 * The one store of live state, per signed-in connection: agents, triggers, the Runs list (paged, filtered), each
 * agent's recent runs, each run's sub-runs, the runs themselves, what each backend turned out not to support, and
 * what followed streams tell. The trees, the Follow Run panels, the quick pick, the notifications and the status bar
 * read it and subscribe to it; nothing else keeps a copy. Neutral shapes only (backends/types.ts); no `vscode`
 * import, so it is unit-tested in plain Node. The poller (poller.ts) keeps shown and watched runs fresh.
 */
import {
  isTerminalState,
  type AgentInfo,
  type Backend,
  type RunInfo,
  type SubRunInfo,
  type TriggerInfo,
} from '../backends/types';
import { Emitter } from './emitter';
import { errorMessage } from '../net/errors';
import type { Loaded } from './loaded';
import { Slice } from './slice';
import type {
  Learnt,
  RunFilter,
  RunList,
  SessionSource,
  StatusChange,
  StoreChange,
  StoreOptions,
  StoreSession,
  StreamReport,
  TriggerRunList,
} from './store-types';

export type * from './store-types';

/** A trigger's firings shown at first, and per "Load more". */
const TRIGGER_RUNS_PAGE = 10;

export class LiveStore {
  private readonly slices = new Map<string, Slice>();
  private readonly changes = new Emitter<StoreChange>();
  private readonly statusChanges = new Emitter<StatusChange>();
  /** Fires for every change; views refresh the matching nodes only. */
  readonly onDidChange = this.changes.event;
  /** Fires when a known run's status changes (from the server or a followed stream). */
  readonly onDidChangeStatus = this.statusChanges.event;
  private readonly loads = new Emitter<string>();
  /** Fires (with the connection id) when runs were loaded or a run is watched: the poller looks again. */
  readonly onDidLoad = this.loads.event;
  private filterValue: RunFilter = {};
  private disposed = false;

  constructor(
    private readonly sessions: SessionSource,
    private readonly options: StoreOptions,
  ) {
    this.syncSessions();
  }

  // ------------------------------------------------------------------------------------------ connections

  /** Signed-in connections in settings order. */
  connections(): StoreSession[] {
    return [...this.sessions.all()];
  }

  /** Drops the slices of connections that went away or were rebuilt (sign-out, new key, new URL). */
  syncSessions(): void {
    const live = new Map(this.sessions.all().map((s) => [s.connection.id, s]));
    let changed = false;
    for (const [id, slice] of this.slices) {
      if (live.get(id) !== slice.session) {
        this.slices.delete(id);
        changed = true;
      }
    }
    for (const [id, session] of live) {
      if (!this.slices.has(id)) {
        this.slices.set(
          id,
          new Slice(session, {
            change: (c) => this.changes.fire(c),
            status: (c) => this.statusChanges.fire(c),
          }),
        );
        changed = true;
      }
    }
    if (this.filterValue.connectionId && !live.has(this.filterValue.connectionId)) this.filterValue = {};
    if (changed) this.changes.fire({ kind: 'all' });
  }

  backend(connectionId: string): Backend | undefined {
    return this.slices.get(connectionId)?.session.backend;
  }

  // ------------------------------------------------------------------------------------------ reads

  agents(connectionId: string): Loaded<AgentInfo[]> {
    return this.slices.get(connectionId)?.agents ?? { state: 'idle' };
  }

  agent(connectionId: string, agentId: string): AgentInfo | undefined {
    const agents = this.slices.get(connectionId)?.agents;
    return agents?.state === 'loaded' ? agents.value.find((a) => a.id === agentId) : undefined;
  }

  /** The agent's name: from the agents list, or from one of its runs that carries it. */
  agentName(connectionId: string, agentId: string | undefined): string | undefined {
    return agentId ? this.agent(connectionId, agentId)?.name : undefined;
  }

  triggers(connectionId: string): Loaded<TriggerInfo[]> {
    return this.slices.get(connectionId)?.triggers ?? { state: 'idle' };
  }

  /** The loaded triggers of one agent (empty until triggers are loaded). */
  triggersOf(connectionId: string, agentId: string): TriggerInfo[] {
    const t = this.triggers(connectionId);
    return t.state === 'loaded' ? t.value.filter((trigger) => trigger.agentId === agentId) : [];
  }

  /** Whether an agent has a trigger that opens its conversation inbox (and the backend can open one). */
  hasInbox(connectionId: string, agentId: string | undefined): boolean {
    if (!agentId || !this.backend(connectionId)?.caps.inbox) return false;
    return this.triggersOf(connectionId, agentId).some((t) => t.inbox);
  }

  runList(connectionId: string): Loaded<RunList> {
    return this.slices.get(connectionId)?.runList ?? { state: 'idle' };
  }

  agentRuns(connectionId: string, agentId: string): Loaded<string[]> {
    return this.slices.get(connectionId)?.agentRuns.get(agentId) ?? { state: 'idle' };
  }

  subRuns(connectionId: string, runId: string): Loaded<SubRunInfo[]> {
    return this.slices.get(connectionId)?.subRuns.get(runId) ?? { state: 'idle' };
  }

  triggerRuns(connectionId: string, triggerId: string): Loaded<TriggerRunList> {
    return this.slices.get(connectionId)?.triggerRuns.get(triggerId) ?? { state: 'idle' };
  }

  run(connectionId: string, runId: string): RunInfo | undefined {
    return this.slices.get(connectionId)?.runs.get(runId);
  }

  /** Whether the connection can cancel runs: its backend says so and the server has not refused. */
  canCancel(connectionId: string): boolean {
    const slice = this.slices.get(connectionId);
    return slice !== undefined && slice.session.backend.caps.cancel && slice.learnt.cancel !== false;
  }

  filter(): RunFilter {
    return { ...this.filterValue };
  }

  /** True while a followed stream reports this run. */
  isStreamed(connectionId: string, runId: string): boolean {
    return this.slices.get(connectionId)?.streamed.has(runId) ?? false;
  }

  isWatched(connectionId: string, runId: string): boolean {
    return (this.slices.get(connectionId)?.watched.get(runId) ?? 0) > 0;
  }

  // ------------------------------------------------------------------------------------------ loads

  /** Loads (once) and returns the agents of a connection; failures are kept as an error state, not thrown. */
  ensureAgents(connectionId: string): Promise<Loaded<AgentInfo[]>> {
    const s = this.slices.get(connectionId);
    if (!s) return Promise.resolve({ state: 'idle' });
    return this.ensure(
      s,
      () => s.agents,
      (v) => (s.agents = v),
      (signal) => s.session.backend.listAgents(signal),
    );
  }

  ensureTriggers(connectionId: string): Promise<Loaded<TriggerInfo[]>> {
    const s = this.slices.get(connectionId);
    if (!s) return Promise.resolve({ state: 'idle' });
    return this.ensure(
      s,
      () => s.triggers,
      (v) => (s.triggers = v),
      (signal) => s.session.backend.listTriggers(undefined, signal),
    );
  }

  /** The first page of the Runs list (with the current filter). */
  ensureRunList(connectionId: string): Promise<Loaded<RunList>> {
    const s = this.slices.get(connectionId);
    if (!s) return Promise.resolve({ state: 'idle' });
    return this.ensure(
      s,
      () => s.runList,
      (v) => (s.runList = v),
      async (signal) => {
        const page = await s.session.backend.listRuns(
          { ...this.query(connectionId), limit: this.pageSize() },
          signal,
        );
        const ids = s.absorb(page.items);
        return { ids, total: page.total, next: page.next };
      },
    );
  }

  /** The next page of the Runs list; duplicates (runs that moved down as new ones arrived) are skipped. */
  async loadMore(connectionId: string): Promise<void> {
    const s = this.slices.get(connectionId);
    const list = s?.runList;
    if (!s || list?.state !== 'loaded' || list.value.next === undefined) return;
    const value = list.value;
    return this.loadMorePage(
      s,
      value,
      `more runs from ${s.session.connection.name}`,
      () =>
        s.session.backend.listRuns({ ...this.query(connectionId), limit: this.pageSize(), page: value.next }),
      (page) => {
        const seen = new Set(value.ids);
        for (const id of s.absorb(page.items)) if (!seen.has(id)) value.ids.push(id);
        value.total = page.total ?? value.total;
        value.next = page.next;
      },
      () => {
        this.changes.fire({ kind: 'runList', connectionId });
        this.loads.fire(connectionId);
      },
      () => this.changes.fire({ kind: 'runList', connectionId }),
    );
  }

  /**
   * Loads one more page into a paged value, one load at a time: a page that comes after a sign-out or a
   * reconnect (a new generation) is dropped; a failure is kept as `moreError` and logged. `changed` fires when it
   * starts (`started`, when given) and when it settles.
   */
  private loadMorePage<P>(
    s: Slice,
    value: { loadingMore?: Promise<void>; moreError?: string },
    what: string,
    fetch: () => Promise<P>,
    apply: (page: P) => void,
    changed: () => void,
    started: () => void = changed,
  ): Promise<void> {
    if (value.loadingMore) return value.loadingMore;
    const connectionId = s.session.connection.id;
    const generation = s.generation;
    value.loadingMore = (async () => {
      try {
        const page = await fetch();
        if (s.generation !== generation) return;
        apply(page);
        value.moreError = undefined;
        this.sessions.reportSuccess(connectionId);
      } catch (error) {
        value.moreError = errorMessage(error);
        this.sessions.reportError(connectionId, error);
        this.options.log.warn(`Loading ${what} failed: ${value.moreError}`);
      } finally {
        value.loadingMore = undefined;
      }
      changed();
    })();
    started();
    return value.loadingMore;
  }

  ensureAgentRuns(connectionId: string, agentId: string): Promise<Loaded<string[]>> {
    const s = this.slices.get(connectionId);
    if (!s) return Promise.resolve({ state: 'idle' });
    return this.ensure(
      s,
      () => s.agentRuns.get(agentId) ?? { state: 'idle' },
      (v) => s.agentRuns.set(agentId, v),
      async (signal) => {
        const page = await s.session.backend.listRuns({ agentId, limit: this.agentRunsLimit() }, signal);
        return s.absorb(page.items);
      },
    );
  }

  ensureSubRuns(connectionId: string, runId: string): Promise<Loaded<SubRunInfo[]>> {
    const s = this.slices.get(connectionId);
    if (!s) return Promise.resolve({ state: 'idle' });
    return this.ensure(
      s,
      () => s.subRuns.get(runId) ?? { state: 'idle' },
      (v) => s.subRuns.set(runId, v),
      (signal) => s.session.backend.listSubRuns(runId, signal),
    );
  }

  /** A trigger's latest firings (the first page), for backends that keep them (`caps.triggerRuns`). */
  ensureTriggerRuns(connectionId: string, triggerId: string): Promise<Loaded<TriggerRunList>> {
    const s = this.slices.get(connectionId);
    const listTriggerRuns = s?.session.backend.listTriggerRuns?.bind(s.session.backend);
    if (!s || !listTriggerRuns) return Promise.resolve({ state: 'idle' });
    return this.ensure(
      s,
      () => s.triggerRuns.get(triggerId) ?? { state: 'idle' },
      (v) => s.triggerRuns.set(triggerId, v),
      async (signal) => {
        const page = await listTriggerRuns(triggerId, { limit: TRIGGER_RUNS_PAGE }, signal);
        return { items: page.items, next: page.next };
      },
    );
  }

  /** A trigger's next page of firings; firings already shown (new ones pushed them down) are skipped. */
  async loadMoreTriggerRuns(connectionId: string, triggerId: string): Promise<void> {
    const s = this.slices.get(connectionId);
    const loaded = s?.triggerRuns.get(triggerId);
    const listTriggerRuns = s?.session.backend.listTriggerRuns?.bind(s.session.backend);
    if (!s || !listTriggerRuns || loaded?.state !== 'loaded' || loaded.value.next === undefined) return;
    const value = loaded.value;
    return this.loadMorePage(
      s,
      value,
      `more firings of ${triggerId}`,
      () => listTriggerRuns(triggerId, { limit: TRIGGER_RUNS_PAGE, page: value.next }),
      (page) => {
        const seen = new Set(value.items.map((r) => r.id));
        value.items.push(...page.items.filter((r) => !seen.has(r.id)));
        value.next = page.next;
      },
      () => this.changes.fire({ kind: 'triggerRuns', connectionId, triggerId }),
    );
  }

  /**
   * The newest runs of a connection, whatever the Runs view's filter (the Follow Run quick pick): asked now, and
   * kept like any other. Empty on failure (reported as the connection's health).
   */
  async recentRuns(connectionId: string, limit: number): Promise<RunInfo[]> {
    const s = this.slices.get(connectionId);
    if (!s) return [];
    try {
      const page = await s.session.backend.listRuns({ limit });
      this.sessions.reportSuccess(connectionId);
      if (this.slices.get(connectionId) === s) s.absorb(page.items);
      return page.items;
    } catch (error) {
      this.sessions.reportError(connectionId, error);
      return [];
    }
  }

  /** Asks the server for a run now (a panel opening, a Show JSON) and keeps the answer. Throws on failure. */
  async fetchRun(connectionId: string, runId: string): Promise<RunInfo> {
    const s = this.slices.get(connectionId);
    if (!s) throw new Error('Not signed in to that connection.');
    try {
      const run = await s.session.backend.getRun(runId);
      this.sessions.reportSuccess(connectionId);
      if (this.slices.get(connectionId) === s) s.upsertQuiet(run);
      return run;
    } catch (error) {
      this.sessions.reportError(connectionId, error);
      throw error;
    }
  }

  private async ensure<T>(
    s: Slice,
    get: () => Loaded<T>,
    set: (value: Loaded<T>) => void,
    load: (signal?: AbortSignal) => Promise<T>,
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
        this.loads.fire(id);
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

  pageSize(): number {
    return Math.max(1, Math.min(500, Math.floor(this.options.pageSize())));
  }

  /** The Runs list's query on one connection (the agent filter applies to its own connection only). */
  query(connectionId: string): { agentId?: string; status?: string } {
    const f = this.filterValue;
    const q: { agentId?: string; status?: string } = {};
    if (f.agentId && (!f.connectionId || f.connectionId === connectionId)) q.agentId = f.agentId;
    if (f.status) q.status = f.status;
    return q;
  }

  // ------------------------------------------------------------------------------------------ writes

  /** A run learnt outside a list (created, cancelled, fetched for JSON). New runs go on top of the lists. */
  upsertRun(connectionId: string, run: RunInfo, options: { isNew?: boolean } = {}): void {
    const s = this.slices.get(connectionId);
    if (!s) return;
    const changed = s.merge(run);
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
      const recent = run.agentId ? s.agentRuns.get(run.agentId) : undefined;
      if (recent?.state === 'loaded' && !recent.value.includes(run.id) && run.agentId) {
        recent.value.unshift(run.id);
        recent.value.splice(this.agentRunsLimit());
        this.changes.fire({ kind: 'agentRuns', connectionId, agentId: run.agentId });
      }
    }
    if (changed) this.changes.fire({ kind: 'runs', connectionId, runIds: [run.id] });
  }

  /**
   * A run that left the server's default lists (archived) or the server itself (deleted): out of the Runs list and
   * every agent's recent runs at once. `forget` drops what the store knew of it too (deleted: there is nothing left
   * to show); an archived run stays known, so an open panel and Show JSON still find it.
   */
  removeRun(connectionId: string, runId: string, options: { forget?: boolean } = {}): void {
    const s = this.slices.get(connectionId);
    if (!s) return;
    const list = s.runList;
    if (list.state === 'loaded') {
      const at = list.value.ids.indexOf(runId);
      if (at >= 0) {
        list.value.ids.splice(at, 1);
        if (list.value.total !== undefined) list.value.total = Math.max(0, list.value.total - 1);
        this.changes.fire({ kind: 'runList', connectionId });
      }
    }
    for (const [agentId, recent] of s.agentRuns) {
      if (recent.state !== 'loaded') continue;
      const at = recent.value.indexOf(runId);
      if (at < 0) continue;
      recent.value.splice(at, 1);
      this.changes.fire({ kind: 'agentRuns', connectionId, agentId });
    }
    if (options.forget) {
      s.runs.delete(runId);
      s.subRuns.delete(runId);
    }
  }

  /** A trigger as an action left it (paused, unpaused): the views show it at once. */
  upsertTrigger(connectionId: string, trigger: TriggerInfo): void {
    const s = this.slices.get(connectionId);
    if (s?.triggers.state !== 'loaded') return;
    const list = s.triggers.value;
    const at = list.findIndex((t) => t.id === trigger.id);
    if (at >= 0) list[at] = trigger;
    else list.push(trigger);
    this.changes.fire({ kind: 'triggers', connectionId });
  }

  /** What a followed run's stream says (its status at once, its event count, whether it still streams). */
  reportStream(connectionId: string, runId: string, report: StreamReport): void {
    const s = this.slices.get(connectionId);
    if (!s) return;
    if (report.streaming) s.streamed.set(runId, report.subRunId);
    else s.streamed.delete(runId);
    const old = s.runs.get(runId);
    // Only the run's current sub-run speaks for the run.
    if (!old || (old.currentSubRunId !== undefined && old.currentSubRunId !== report.subRunId)) return;
    const run: RunInfo = { ...old };
    if (report.status) {
      run.state = report.status.state;
      run.status = report.status.status;
      if (isTerminalState(run.state) && !run.endedAt) run.endedAt = new Date().toISOString();
    }
    if (report.eventCount !== undefined && report.eventCount > (old.eventCount ?? 0))
      run.eventCount = report.eventCount;
    if (s.merge(run, 'stream', report.fresh === true))
      this.changes.fire({ kind: 'runs', connectionId, runIds: [runId] });
  }

  /** The server refused a capability (cancel answered 404/405): hide it from now on. */
  learn(connectionId: string, learnt: Learnt): void {
    const s = this.slices.get(connectionId);
    if (!s) return;
    s.learnt = { ...s.learnt, ...learnt };
    this.changes.fire({ kind: 'caps', connectionId });
  }

  /** Someone (a Follow Run panel) keeps an eye on a run: it is polled while nobody streams it. */
  watch(connectionId: string, runId: string): { dispose(): void } {
    const s = this.slices.get(connectionId);
    if (!s) return { dispose: () => undefined };
    s.watched.set(runId, (s.watched.get(runId) ?? 0) + 1);
    this.loads.fire(connectionId);
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        const n = (s.watched.get(runId) ?? 1) - 1;
        if (n > 0) s.watched.set(runId, n);
        else s.watched.delete(runId);
      },
    };
  }

  private matchesFilter(connectionId: string, run: RunInfo): boolean {
    const q = this.query(connectionId);
    return (!q.agentId || run.agentId === q.agentId) && (!q.status || run.status === q.status);
  }

  setFilter(filter: RunFilter): void {
    this.filterValue = { ...filter };
    for (const s of this.slices.values()) {
      s.runList = { state: 'idle' };
      s.generation++;
    }
    this.changes.fire({ kind: 'filter' });
  }

  /** Forgets what was loaded (one connection or all); the views load again when VS Code asks. */
  refresh(connectionId?: string): void {
    for (const s of this.slices.values()) {
      if (connectionId && s.session.connection.id !== connectionId) continue;
      s.generation++;
      s.agents = { state: 'idle' };
      s.triggers = { state: 'idle' };
      s.runList = { state: 'idle' };
      s.agentRuns.clear();
      s.subRuns.clear();
      s.triggerRuns.clear();
      s.runs.clear();
    }
    this.changes.fire({ kind: 'all' });
  }

  private countErrors(): number {
    let n = 0;
    for (const s of this.slices.values()) {
      for (const l of [
        s.agents,
        s.triggers,
        s.runList,
        ...s.agentRuns.values(),
        ...s.subRuns.values(),
        ...s.triggerRuns.values(),
      ])
        if (l.state === 'error') n++;
    }
    return n;
  }

  /** Forgets failed loads (after a Retry or a health change) so the views try them again. */
  retryFailed(): void {
    const before = this.countErrors();
    for (const s of this.slices.values()) {
      if (s.agents.state === 'error') s.agents = { state: 'idle' };
      if (s.triggers.state === 'error') s.triggers = { state: 'idle' };
      if (s.runList.state === 'error') s.runList = { state: 'idle' };
      for (const map of [s.agentRuns, s.subRuns, s.triggerRuns] as Map<string, Loaded<unknown>>[]) {
        for (const [key, value] of map) if (value.state === 'error') map.delete(key);
      }
    }
    if (this.countErrors() < before) this.changes.fire({ kind: 'all' });
  }

  // ------------------------------------------------------------------------------------------ for the poller

  /**
   * Runs worth asking the server about: watched by a panel or (with `shown`) shown in the views (Runs list, agents'
   * recent runs, agents' last runs), not ended, and not reported by a followed stream.
   */
  activeRuns(connectionId: string, options: { shown: boolean } = { shown: true }): string[] {
    const s = this.slices.get(connectionId);
    if (!s) return [];
    const shown = new Set<string>(s.watched.keys());
    if (options.shown) {
      if (s.runList.state === 'loaded') for (const id of s.runList.value.ids) shown.add(id);
      for (const recent of s.agentRuns.values())
        if (recent.state === 'loaded') for (const id of recent.value) shown.add(id);
    }
    const active: string[] = [];
    for (const id of shown) {
      const run = s.runs.get(id);
      if (run && !isTerminalState(run.state) && !s.streamed.has(id)) active.push(id);
    }
    if (options.shown && s.agents.state === 'loaded') {
      for (const agent of s.agents.value) {
        const last = agent.lastRun;
        if (!last?.id || shown.has(last.id) || isTerminalState(last.state)) continue;
        if (!s.streamed.has(last.id)) active.push(last.id);
      }
    }
    return active;
  }

  /** The ids the Runs list shows on a connection (the poller refreshes them in one request when many are going). */
  listedRunIds(connectionId: string): Set<string> | undefined {
    const list = this.slices.get(connectionId)?.runList;
    return list?.state === 'loaded' ? new Set(list.value.ids) : undefined;
  }

  /** Runs from a poll of the Runs list's first page: merged; runs started elsewhere go on top. */
  absorbPolledPage(
    connectionId: string,
    generation: number,
    runs: RunInfo[],
    total: number | undefined,
  ): void {
    const s = this.slices.get(connectionId);
    if (!s || s.generation !== generation) return;
    const list = s.runList;
    if (list.state !== 'loaded') return;
    const known = new Set(list.value.ids);
    const fresh = runs.filter((r) => !known.has(r.id));
    s.absorb(runs);
    if (fresh.length > 0 && runs.slice(0, fresh.length).every((r) => !known.has(r.id))) {
      list.value.ids.unshift(...fresh.map((r) => r.id));
      if (list.value.total !== undefined) list.value.total = total ?? list.value.total + fresh.length;
      this.changes.fire({ kind: 'runList', connectionId });
    }
  }

  /** A run fetched by the poller (dropped when the slice was reset meanwhile). */
  absorbPolledRun(connectionId: string, generation: number, run: RunInfo): void {
    const s = this.slices.get(connectionId);
    if (s && s.generation === generation) s.upsertQuiet(run);
  }

  generation(connectionId: string): number {
    return this.slices.get(connectionId)?.generation ?? -1;
  }

  /** The poller reports how its requests went, for the views' welcome content. */
  reportSuccess(connectionId: string): void {
    this.sessions.reportSuccess(connectionId);
  }

  reportError(connectionId: string, error: unknown): void {
    this.sessions.reportError(connectionId, error);
  }

  dispose(): void {
    this.disposed = true;
    this.changes.dispose();
    this.statusChanges.dispose();
    this.loads.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
}
