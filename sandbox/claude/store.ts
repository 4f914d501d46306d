// Everything the Managed Agents sandbox holds, with the indexes the lists walk. Lists are kept in creation order
// (ascending `order`); status changes go through setSessionStatus so the per-status index never drifts.
import { lowerBound, type Ordered } from './paging';
import type {
  AgentRecord,
  DeploymentRecord,
  DeploymentRunRecord,
  EnvironmentRecord,
  SessionRecord,
  SessionStatus,
} from './records';

const byOrder = (item: Ordered): number => item.order;

function insertSorted<T extends Ordered>(list: T[], item: T): void {
  const at = lowerBound(list, byOrder, item.order);
  list.splice(at, 0, item);
}

function removeSorted<T extends Ordered>(list: T[] | undefined, item: T): void {
  if (!list) return;
  const at = lowerBound(list, byOrder, item.order);
  if (list[at] === item) list.splice(at, 1);
}

function listFor<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

export class ClaudeStore {
  readonly agents = new Map<string, AgentRecord>();
  readonly agentList: AgentRecord[] = [];
  readonly environments = new Map<string, EnvironmentRecord>();
  readonly environmentList: EnvironmentRecord[] = [];
  readonly deployments = new Map<string, DeploymentRecord>();
  readonly deploymentList: DeploymentRecord[] = [];
  readonly runs = new Map<string, DeploymentRunRecord>();
  readonly runList: DeploymentRunRecord[] = [];
  readonly runsByDeployment = new Map<string, DeploymentRunRecord[]>();

  private readonly sessions = new Map<string, SessionRecord>();
  private readonly sessionList: SessionRecord[] = [];
  private readonly sessionsByAgent = new Map<string, SessionRecord[]>();
  private readonly sessionsByDeployment = new Map<string, SessionRecord[]>();
  private readonly sessionsByStatus = new Map<string, SessionRecord[]>();
  private nextOrder = 1;

  takeOrder(): number {
    return this.nextOrder++;
  }

  addAgent(agent: AgentRecord): void {
    this.agents.set(agent.id, agent);
    insertSorted(this.agentList, agent);
  }

  addEnvironment(environment: EnvironmentRecord): void {
    this.environments.set(environment.wire.id, environment);
    insertSorted(this.environmentList, environment);
  }

  addDeployment(deployment: DeploymentRecord): void {
    this.deployments.set(deployment.id, deployment);
    insertSorted(this.deploymentList, deployment);
  }

  addRun(run: DeploymentRunRecord): void {
    this.runs.set(run.wire.id, run);
    insertSorted(this.runList, run);
    insertSorted(listFor(this.runsByDeployment, run.wire.deployment_id), run);
  }

  addSession(session: SessionRecord): void {
    this.sessions.set(session.id, session);
    insertSorted(this.sessionList, session);
    insertSorted(listFor(this.sessionsByAgent, session.agentId), session);
    if (session.deployment_id)
      insertSorted(listFor(this.sessionsByDeployment, session.deployment_id), session);
    insertSorted(listFor(this.sessionsByStatus, session.status), session);
  }

  getSession(id: string): SessionRecord | undefined {
    return this.sessions.get(id);
  }

  allSessions(): readonly SessionRecord[] {
    return this.sessionList;
  }

  get sessionCount(): number {
    return this.sessionList.length;
  }

  removeSession(session: SessionRecord): void {
    if (this.sessions.get(session.id) !== session) return;
    this.sessions.delete(session.id);
    removeSorted(this.sessionList, session);
    removeSorted(this.sessionsByAgent.get(session.agentId), session);
    if (session.deployment_id) removeSorted(this.sessionsByDeployment.get(session.deployment_id), session);
    removeSorted(this.sessionsByStatus.get(session.status), session);
  }

  setSessionStatus(session: SessionRecord, status: SessionStatus): void {
    if (session.status === status) return;
    const indexed = this.sessions.get(session.id) === session;
    if (indexed) removeSorted(this.sessionsByStatus.get(session.status), session);
    session.status = status;
    if (indexed) insertSorted(listFor(this.sessionsByStatus, status), session);
  }

  /**
   * The smallest set of sorted lists that holds every session a filter can match: one list per wanted status,
   * else the agent's or the deployment's sessions, else all. The list walk applies the remaining filters.
   */
  sessionLists(filter: {
    agentId?: string;
    deploymentId?: string;
    statuses?: readonly SessionStatus[];
  }): SessionRecord[][] {
    if (filter.statuses) return filter.statuses.map((status) => this.sessionsByStatus.get(status) ?? []);
    if (filter.agentId !== undefined) return [this.sessionsByAgent.get(filter.agentId) ?? []];
    if (filter.deploymentId !== undefined) return [this.sessionsByDeployment.get(filter.deploymentId) ?? []];
    return [this.sessionList];
  }
}
