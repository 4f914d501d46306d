// All sandbox data and its indexes. Status changes go through setRunStatus so the per-status index and the
// agent's last_run_* fields never drift from the runs themselves.
import { RunIndex } from './run-index';
import type { AgentRecord, CredentialRecord, RunRecord, RunStatus, TriggerRecord } from './types';

export interface RunQuery {
  agentId?: string;
  status?: string;
  limit: number;
  offset: number;
}

export class Store {
  readonly agents = new Map<string, AgentRecord>();
  readonly triggers = new Map<string, TriggerRecord>();
  readonly credentials = new Map<string, CredentialRecord>();
  readonly agentIdempotencyKeys = new Set<string>();
  readonly runIdempotencyKeys = new Set<string>();

  private readonly runsById = new Map<string, RunRecord>();
  private readonly allRuns = new RunIndex();
  private readonly runsByAgent = new Map<string, RunIndex>();
  private readonly runsByStatus = new Map<string, RunIndex>();
  private nextOrder = 1;
  /** Told about every new run (`previous` undefined) and every status change; the CLI prints one line for each. */
  onRunChange?: (run: RunRecord, previous: RunStatus | undefined) => void;

  takeRunOrder(): number {
    return this.nextOrder++;
  }

  addAgent(agent: AgentRecord): void {
    this.agents.set(agent.id, agent);
  }

  addRun(run: RunRecord): void {
    this.runsById.set(run.id, run);
    this.allRuns.insert(run);
    indexFor(this.runsByAgent, run.agent_id).insert(run);
    indexFor(this.runsByStatus, run.status).insert(run);
    this.touchAgent(run);
    this.onRunChange?.(run, undefined);
  }

  getRun(id: string): RunRecord | undefined {
    return this.runsById.get(id);
  }

  get runCount(): number {
    return this.allRuns.size;
  }

  setRunStatus(run: RunRecord, status: RunStatus): void {
    if (run.status === status) return;
    const previous = run.status;
    this.runsByStatus.get(run.status)?.remove(run);
    run.status = status;
    indexFor(this.runsByStatus, status).insert(run);
    this.touchAgent(run);
    this.onRunChange?.(run, previous);
  }

  listRuns(query: RunQuery): { items: RunRecord[]; total: number } {
    const { agentId, status, limit, offset } = query;
    const byAgent = agentId === undefined ? undefined : (this.runsByAgent.get(agentId) ?? new RunIndex());
    const byStatus = status === undefined ? undefined : (this.runsByStatus.get(status) ?? new RunIndex());
    if (byAgent && byStatus) {
      // Walk whichever index is smaller and filter by the other criterion.
      return byAgent.size <= byStatus.size
        ? byAgent.filteredPage((run) => run.status === status, offset, limit)
        : byStatus.filteredPage((run) => run.agent_id === agentId, offset, limit);
    }
    const index = byAgent ?? byStatus ?? this.allRuns;
    return { items: index.page(offset, limit), total: index.size };
  }

  /** Keeps the agent's last_run_* in step with its newest run. */
  private touchAgent(run: RunRecord): void {
    const agent = this.agents.get(run.agent_id);
    if (!agent) return;
    const newest = this.runsByAgent.get(agent.id)?.page(0, 1)[0];
    if (newest !== run) return;
    agent.last_run_id = run.id;
    agent.last_run_status = run.status;
    agent.last_run_at = run.created_at;
  }
}

function indexFor(map: Map<string, RunIndex>, key: string): RunIndex {
  let index = map.get(key);
  if (!index) {
    index = new RunIndex();
    map.set(key, index);
  }
  return index;
}
