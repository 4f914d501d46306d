/**
 * Managed Agents resources as the extension's neutral shapes: an agent, a session as a run, a sub-agent thread as
 * a sub-run, a deployment as a trigger, a deployment run as a trigger run, a session event as a timeline event.
 * Pure: only the SDK's types are imported.
 */
import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { BetaManagedAgentsDeploymentRun } from '@anthropic-ai/sdk/resources/beta/deployment-runs';
import type { BetaManagedAgentsDeployment } from '@anthropic-ai/sdk/resources/beta/deployments';
import type { BetaEnvironment } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { BetaManagedAgentsSessionThread } from '@anthropic-ai/sdk/resources/beta/sessions/threads/threads';
import { minorUnitDigits } from '../../util/money';
import { compact } from '../../util/payload';
import type {
  AgentInfo,
  ApprovalFacts,
  EnvironmentInfo,
  Fact,
  Money,
  RunInfo,
  RunState,
  SubRunInfo,
  TimelineEvent,
  TriggerInfo,
  TriggerRunInfo,
} from '../types';
import { encodeWatermark, type Watermark } from './delivered';
import { TOOL_USES } from './pairs';
import type { WireEvent } from './follow';

/** A session or thread status as a neutral state. Idle is waiting: a message can wake it. */
export function sessionState(status: string | undefined): RunState {
  switch (status) {
    case 'running':
    case 'rescheduling':
      return 'running';
    case 'idle':
      return 'waiting';
    case 'terminated':
      return 'completed';
    default:
      return 'unknown';
  }
}

/** The status a session event implies (session.status_idle → idle…), for the header while following. */
export function statusFromEvent(type: string): string | undefined {
  switch (type) {
    case 'session.status_running':
      return 'running';
    case 'session.status_idle':
      return 'idle';
    case 'session.status_rescheduled':
      return 'rescheduling';
    case 'session.status_terminated':
    case 'session.deleted':
      return 'terminated';
    default:
      return undefined;
  }
}

export function isFinalSessionEvent(event: { type: string }): boolean {
  return event.type === 'session.status_terminated' || event.type === 'session.deleted';
}

/**
 * The service's `{ amount, currency }`: the amount in the currency's minor units as an integer string ("2500" is
 * $25.00), as major units.
 */
export function money(
  amount: { amount?: string | number; currency?: string } | null | undefined,
): Money | undefined {
  if (!amount || typeof amount.currency !== 'string') return undefined;
  const minor = typeof amount.amount === 'number' ? amount.amount : Number(amount.amount);
  if (!Number.isFinite(minor)) return undefined;
  return { amount: minor / 10 ** minorUnitDigits(amount.currency), currency: amount.currency };
}

export function toAgentInfo(agent: BetaManagedAgentsAgent): AgentInfo {
  const facts: Fact[] = [];
  const tools = (agent.tools ?? []).map((tool) => toolName(tool)).filter((name) => name !== '');
  if (tools.length > 0) facts.push({ label: 'Tools', value: tools.join(', ') });
  const servers = (agent.mcp_servers ?? []).map((server) => (server as { name?: string }).name ?? '');
  if (servers.some((name) => name !== '')) facts.push({ label: 'MCP servers', value: servers.join(', ') });
  const info: AgentInfo = {
    id: agent.id,
    name: agent.name,
    model: typeof agent.model === 'object' && agent.model ? String(agent.model.id) : undefined,
    version: agent.version === undefined ? undefined : `v${agent.version}`,
    facts,
    metadata: agent.metadata,
    raw: agent,
  };
  if (agent.description) info.description = agent.description;
  return info;
}

function toolName(tool: unknown): string {
  const t = tool as { type?: string; name?: string; mcp_server_name?: string };
  if (t.name) return t.name;
  if (t.mcp_server_name) return `${t.mcp_server_name} (MCP)`;
  return t.type ?? '';
}

export interface WireUsage {
  input_tokens?: number;
  output_tokens?: number;
  list_cost?: { amount?: string; currency?: string } | null;
}

/** Tokens and cost from a session's or a `session.usage` event's usage (cumulative). */
export function usageOf(usage: WireUsage | undefined): Pick<RunInfo, 'tokens' | 'cost'> {
  const out: Pick<RunInfo, 'tokens' | 'cost'> = {};
  if (usage && (typeof usage.input_tokens === 'number' || typeof usage.output_tokens === 'number'))
    out.tokens = { input: usage.input_tokens ?? 0, output: usage.output_tokens ?? 0 };
  const cost = money(usage?.list_cost);
  if (cost) out.cost = cost;
  return out;
}

/** Why a session idles, in words (`stop_reason`). */
const IDLE_WHY: Record<string, string> = {
  end_turn: 'turn done',
  requires_action: 'waiting for approval',
  retries_exhausted: 'retries exhausted',
  budget_reached: 'budget reached',
  refusal: 'refused',
};

export function toRunInfo(session: BetaManagedAgentsSession): RunInfo {
  const usage = session.usage as WireUsage | undefined;
  const info: RunInfo = {
    id: session.id,
    agentId: session.agent?.id,
    agentName: session.agent?.name,
    state: sessionState(session.status),
    status: session.status,
    createdAt: session.created_at,
    updatedAt: session.updated_at,
    // The primary thread is the session's own stream: followed as the session itself.
    currentSubRunId: session.id,
    raw: session,
  };
  if (session.title) info.title = session.title;
  if (session.status === 'terminated') info.endedAt = session.updated_at;
  if (session.archived_at) info.archivedAt = session.archived_at;
  Object.assign(info, usageOf(usage));
  if (session.deployment_id) info.facts = [{ label: 'Deployment', value: session.deployment_id, code: true }];
  return info;
}

export function toSubRunInfo(thread: BetaManagedAgentsSessionThread): SubRunInfo {
  const agent = thread.agent as { name?: string } | undefined;
  return {
    id: thread.id,
    runId: thread.session_id,
    label: agent?.name ?? thread.id,
    state: sessionState(thread.status),
    status: thread.status,
    startedAt: thread.created_at,
    current: false,
    raw: thread,
  };
}

export function toTriggerInfo(deployment: BetaManagedAgentsDeployment): TriggerInfo {
  const schedule = deployment.schedule;
  const paused = deployment.paused_reason as {
    type?: string;
    error?: { type?: string; message?: string };
  } | null;
  const info: TriggerInfo = {
    id: deployment.id,
    agentId: deployment.agent?.id,
    name: deployment.name,
    type: 'deployment',
    active: deployment.status === 'active',
    summary: schedule ? `cron ${schedule.expression} (${schedule.timezone})` : 'run on demand',
    inbox: false,
    raw: deployment,
  };
  if (paused) info.reason = paused.type === 'error' ? pausedByError(paused.error) : 'paused';
  if (schedule?.upcoming_runs_at) info.nextRunsAt = schedule.upcoming_runs_at;
  if (schedule?.last_run_at) info.lastRunAt = schedule.last_run_at;
  return info;
}

/** Why a deployment paused itself: the failed run's error, which the service names by its type only. */
function pausedByError(error: { type?: string; message?: string } | undefined): string {
  const words = error?.message || error?.type?.replace(/_error$/, '').replace(/_/g, ' ');
  return words ? `paused after an error: ${words}` : 'paused after an error';
}

/** A deployment run: when it fired and why (schedule, manual), and the session it started or its error. */
export function toTriggerRunInfo(run: BetaManagedAgentsDeploymentRun): TriggerRunInfo {
  const info: TriggerRunInfo = { id: run.id, triggerId: run.deployment_id, at: run.created_at, raw: run };
  const firedBy = (run.trigger_context as { type?: unknown } | undefined)?.type;
  if (typeof firedBy === 'string') info.firedBy = firedBy;
  if (run.session_id) info.runId = run.session_id;
  if (run.error) info.error = (run.error as { message?: string }).message || run.error.type;
  return info;
}

/** An environment a session can run in: its name, and whether it runs in the cloud or on the customer's own worker. */
export function toEnvironmentInfo(environment: BetaEnvironment): EnvironmentInfo {
  const type = (environment.config as { type?: unknown } | undefined)?.type;
  const info: EnvironmentInfo = { id: environment.id, name: environment.name, raw: environment };
  if (environment.description) info.description = environment.description;
  if (type === 'cloud') info.detail = 'cloud';
  else if (type === 'self_hosted') info.detail = 'self-hosted';
  return info;
}

/** A delivered event as the panel shows it; its cursor is where a reloaded panel resumes. */
export function toTimelineEvent(event: WireEvent, after: Watermark): TimelineEvent {
  const status = statusFromEvent(event.type);
  const out: TimelineEvent = {
    id: event.id,
    cursor: encodeWatermark(after),
    // No number of its own: the panel numbers it (the time is in its own column).
    label: '',
    type: event.type,
    time: typeof event.processed_at === 'string' ? event.processed_at : '',
    payload: event,
    terminal: isFinalSessionEvent(event),
    raw: event,
  };
  if (status) out.status = { state: sessionState(status), status };
  if (event.type === 'session.status_idle' && out.status) {
    const stop = (event.stop_reason as { type?: unknown } | undefined)?.type;
    if (typeof stop === 'string') out.status.why = IDLE_WHY[stop] ?? stop.replace(/_/g, ' ');
  }
  if (event.type === 'session.usage') {
    const usage = usageOf(event.usage as WireUsage | undefined);
    if (usage.tokens || usage.cost) out.usage = usage;
  }
  const approval = approvalFacts(event);
  if (approval) out.approval = approval;
  return out;
}

/** A tool use that asks, the idle that waits (`requires_action`), a confirmation, or the session running again. */
export function approvalFacts(event: WireEvent): ApprovalFacts | undefined {
  if (TOOL_USES.has(event.type) && event.evaluated_permission === 'ask') {
    const server = typeof event.mcp_server_name === 'string' ? `${event.mcp_server_name} › ` : '';
    return {
      kind: 'asks',
      id: event.id,
      tool: `${server}${typeof event.name === 'string' ? event.name : 'tool'}`,
      input: compact(event.input, 400),
    };
  }
  if (event.type === 'session.status_idle') {
    const stop = event.stop_reason as { type?: unknown; event_ids?: unknown } | undefined;
    if (stop?.type === 'requires_action' && Array.isArray(stop.event_ids))
      return { kind: 'awaits', ids: stop.event_ids.filter((id): id is string => typeof id === 'string') };
  }
  if (event.type === 'user.tool_confirmation' && typeof event.tool_use_id === 'string')
    return { kind: 'answered', id: event.tool_use_id, allowed: event.result === 'allow' };
  if (event.type === 'session.status_running' || isFinalSessionEvent(event)) return { kind: 'resumed' };
  return undefined;
}
