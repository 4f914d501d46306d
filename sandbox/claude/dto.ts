// Wire shapes: what the API answers for each record (resources/beta/**/*.d.ts), never internal fields.
import { upcomingRuns } from './cron';
import type {
  AgentRecord,
  AgentVersion,
  DeploymentRecord,
  SessionRecord,
  ThreadRecord,
  Usage,
} from './records';
import { iso } from './records';
import { activeSeconds } from './session-state';
import { usageWire } from './usage';

export function agentDto(agent: AgentRecord, version = agent.versions.length): AgentVersion | undefined {
  const found = agent.versions[version - 1];
  return found && { ...found, archived_at: agent.archived_at };
}

/** The agent as a session or thread runs it (SessionAgent / SessionThreadAgent: no timestamps, no metadata). */
export function agentSnapshot(version: AgentVersion, withMultiagent: boolean): Record<string, unknown> {
  const { archived_at: _a, created_at: _c, updated_at: _u, metadata: _m, multiagent, ...rest } = version;
  return withMultiagent ? { ...rest, multiagent } : rest;
}

function stats(
  record: SessionRecord | ThreadRecord,
  endedMs: number | null,
  now: number,
): Record<string, number> {
  return {
    active_seconds: activeSeconds(record, now),
    duration_seconds: Math.round(((endedMs ?? now) - record.createdMs) / 100) / 10,
  };
}

export function sessionDto(session: SessionRecord, now: number): Record<string, unknown> {
  return {
    id: session.id,
    type: 'session',
    agent: session.agent,
    archived_at: session.archived_at,
    budget: session.budget,
    created_at: iso(session.createdMs),
    deployment_id: session.deployment_id,
    environment_id: session.environment_id,
    metadata: session.metadata,
    outcome_evaluations: [],
    resources: session.resources,
    stats: stats(session, session.endedMs, now),
    status: session.status,
    title: session.title,
    updated_at: iso(session.updatedMs),
    usage: usageWire(session.usage, activeSeconds(session, now)),
    vault_ids: session.vault_ids,
  };
}

/** A thread; the primary thread reports its session's status, usage and stats. */
export function threadDto(
  session: SessionRecord,
  thread: ThreadRecord,
  now: number,
): Record<string, unknown> {
  const primary = thread.parent_thread_id === null;
  const record = primary ? session : thread;
  const ended = primary ? session.endedMs : thread.status === 'terminated' ? thread.updatedMs : null;
  return {
    id: thread.id,
    type: 'session_thread',
    agent: thread.agent,
    archived_at: thread.archived_at,
    created_at: iso(thread.createdMs),
    parent_thread_id: thread.parent_thread_id,
    session_id: session.id,
    stats: stats(record, ended, now),
    status: primary ? session.status : thread.status,
    updated_at: iso(primary ? session.updatedMs : thread.updatedMs),
    usage: usageWire(record.usage, activeSeconds(record, now)),
    workflow_run_id: null,
  };
}

export function deploymentDto(deployment: DeploymentRecord, now: number): Record<string, unknown> {
  const schedule = deployment.schedule && {
    ...deployment.schedule,
    last_run_at: deployment.lastScheduledRunMs === null ? null : iso(deployment.lastScheduledRunMs),
    upcoming_runs_at: deployment.archived_at ? [] : upcomingRuns(deployment.schedule, now).map(iso),
  };
  return {
    id: deployment.id,
    type: 'deployment',
    agent: deployment.agent,
    archived_at: deployment.archived_at,
    budget: null,
    created_at: iso(deployment.createdMs),
    description: deployment.description,
    environment_id: deployment.environment_id,
    initial_events: deployment.initial_events,
    metadata: deployment.metadata,
    name: deployment.name,
    paused_reason: deployment.paused_reason,
    resources: [],
    schedule,
    status: deployment.status,
    updated_at: iso(deployment.updatedMs),
    vault_ids: [],
  };
}

/** Usage back from a session.usage event (list_cost cents → micro-dollars). */
export function usageFromWire(value: unknown): Usage {
  const wire = (value ?? {}) as Record<string, unknown>;
  const cache = (wire.cache_creation ?? {}) as Record<string, number | undefined>;
  const cost = (wire.list_cost ?? {}) as { amount?: string };
  return {
    input_tokens: Number(wire.input_tokens ?? 0),
    output_tokens: Number(wire.output_tokens ?? 0),
    cache_read_input_tokens: Number(wire.cache_read_input_tokens ?? 0),
    cache_creation: {
      ephemeral_5m_input_tokens: cache.ephemeral_5m_input_tokens ?? 0,
      ephemeral_1h_input_tokens: cache.ephemeral_1h_input_tokens ?? 0,
    },
    costMicros: Number(cost.amount ?? 0) * 10_000,
  };
}
