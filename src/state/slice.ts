// One connection's part of the store: its loaded lists and runs, and how a newer copy of a run is merged in (status
// changes reported, the agent's last run and the current sub-run kept in step). The store owns one per signed-in
// connection and drops it, whole, at sign-out.
import type { AgentInfo, RunInfo, SubRunInfo, TriggerInfo } from '../backends/types';
import type { Loaded } from './loaded';
import type { Learnt, RunList, StatusChange, StoreChange, StoreSession, TriggerRunList } from './store-types';

/** Where a slice reports what changed (the store's emitters). */
export interface SliceEvents {
  change(change: StoreChange): void;
  status(change: StatusChange): void;
}

export class Slice {
  agents: Loaded<AgentInfo[]> = { state: 'idle' };
  triggers: Loaded<TriggerInfo[]> = { state: 'idle' };
  runList: Loaded<RunList> = { state: 'idle' };
  agentRuns = new Map<string, Loaded<string[]>>();
  subRuns = new Map<string, Loaded<SubRunInfo[]>>();
  /** Each trigger's firings, by trigger id, loaded when its node is expanded. */
  triggerRuns = new Map<string, Loaded<TriggerRunList>>();
  runs = new Map<string, RunInfo>();
  /** Runs a followed stream reports, and the sub-run it follows. */
  streamed = new Map<string, string>();
  /** Runs someone (a panel) keeps an eye on: counted, so two panels of one run both count. */
  watched = new Map<string, number>();
  learnt: Learnt = {};
  /** Bumped on every reset, so answers to requests made before it are dropped. */
  generation = 0;
  constructor(
    readonly session: StoreSession,
    private readonly events: SliceEvents,
  ) {}

  /** Stores runs from a list answer (one object per run id) and returns their ids in order. */
  absorb(runs: readonly RunInfo[]): string[] {
    const changed: string[] = [];
    for (const run of runs) if (this.merge(run)) changed.push(run.id);
    if (changed.length > 0)
      this.events.change({ kind: 'runs', connectionId: this.session.connection.id, runIds: changed });
    return runs.map((r) => r.id);
  }

  /** Puts a newer copy of a run in the store; true when something shown changed. Reports status changes. */
  merge(run: RunInfo, source: StatusChange['source'] = 'server', fresh = false): boolean {
    const old = this.runs.get(run.id);
    this.runs.set(run.id, run);
    const connectionId = this.session.connection.id;
    this.touchAgent(run);
    if (!old) return false;
    const subRunsChanged = (old.subRunCount ?? 1) !== (run.subRunCount ?? 1);
    if (subRunsChanged) this.subRuns.delete(run.id);
    if (old.status !== run.status) {
      this.events.status({
        connectionId,
        run,
        previous: { state: old.state, status: old.status },
        source,
        fresh,
      });
      if (!subRunsChanged) this.patchCurrentSubRun(run);
      return true;
    }
    if (subRunsChanged) return true;
    if (old.eventCount !== run.eventCount) this.patchCurrentSubRun(run);
    // A moved update time is news too: a waiting run may have run and come back waiting for something else.
    return (
      old.eventCount !== run.eventCount || old.endedAt !== run.endedAt || old.updatedAt !== run.updatedAt
    );
  }

  /**
   * Carries a fresher run's status and event count over to its current sub-run, so the row under the run keeps
   * counting (the sub-runs are loaded once; the run is what polling and streams refresh).
   */
  private patchCurrentSubRun(run: RunInfo): void {
    const subRuns = this.subRuns.get(run.id);
    if (subRuns?.state !== 'loaded') return;
    const current =
      subRuns.value.find((a) => a.id === run.currentSubRunId) ?? subRuns.value.find((a) => a.current);
    if (!current) return;
    current.state = run.state;
    current.status = run.status;
    if (typeof run.eventCount === 'number') current.eventCount = run.eventCount;
    if (run.endedAt) current.endedAt ??= run.endedAt;
    this.events.change({ kind: 'subRuns', connectionId: this.session.connection.id, runId: run.id });
  }

  /** Keeps an agent's last-run status in step with its last run, without asking the server again. */
  private touchAgent(run: RunInfo): void {
    if (this.agents.state !== 'loaded' || !run.agentId) return;
    const agent = this.agents.value.find((a) => a.id === run.agentId);
    if (!agent) return;
    const last = agent.lastRun;
    const newer =
      !last?.at || (run.createdAt !== undefined && Date.parse(run.createdAt) > Date.parse(last.at));
    if (last?.id === run.id || newer) {
      const changed = last?.status !== run.status || last?.id !== run.id;
      agent.lastRun = { id: run.id, state: run.state, status: run.status, at: run.createdAt ?? last?.at };
      if (changed)
        this.events.change({ kind: 'agents', connectionId: this.session.connection.id, agentId: agent.id });
    }
  }

  /** A run refreshed by polling: merged, and its node refreshed when something shown changed. */
  upsertQuiet(run: RunInfo): void {
    if (this.merge(run))
      this.events.change({ kind: 'runs', connectionId: this.session.connection.id, runIds: [run.id] });
  }
}
