// Sessions come to life here (API, deployments, demo, admin), and what a client sends reaches the runner here,
// after the checks that depend on the session's state (is that tool use really waiting for an answer?).
import { badRequest } from '../http';
import type { Random } from '../random';
import { join, type Json } from './check';
import type { ClaudeContext } from './context';
import { invalidState } from './errors';
import { agentDto, agentSnapshot } from './dto';
import { EventLog, type EventSource, type LogEvent } from './event-log';
import { claudeId } from './ids';
import { emptyUsage, type AgentRecord, type SessionRecord } from './records';
import { SessionRunner } from './runner';
import { trackSession } from './session-state';

export interface NewSession {
  agent: AgentRecord;
  version?: number;
  environmentId: string;
  deploymentId?: string | null;
  title?: string | null;
  metadata?: Record<string, string>;
  vaultIds?: string[];
  budget?: Record<string, unknown> | null;
  /** agent_with_overrides: fields that replace the agent's for this session only. */
  overrides?: Record<string, unknown>;
  /** Where the session's ids come from (default: the sandbox's request-ordered Random). */
  ids?: Random;
  /** Scale sessions: a lazily generated history (made from the new session's id). */
  source?: (sessionId: string) => EventSource;
  createdMs?: number;
}

export function createSession(ctx: ClaudeContext, spec: NewSession): SessionRecord {
  const version = agentDto(spec.agent, spec.version ?? spec.agent.versions.length);
  if (!version) throw badRequest('agent.version', `agent ${spec.agent.id} has no version ${spec.version}`);
  const now = spec.createdMs ?? ctx.clock.now();
  const ids = spec.ids ?? ctx.random;
  const id = claudeId(ids, 'sesn');
  const agent = { ...agentSnapshot(version, true), ...spec.overrides };
  const log = new EventLog(spec.source?.(id));
  const session = {
    id,
    order: ctx.store.takeOrder(),
    createdMs: now,
    updatedMs: now,
    agentId: spec.agent.id,
    agentVersion: version.version,
    agent,
    environment_id: spec.environmentId,
    deployment_id: spec.deploymentId ?? null,
    title: spec.title ?? null,
    metadata: spec.metadata ?? {},
    resources: [],
    vault_ids: spec.vaultIds ?? [],
    budget: spec.budget ?? null,
    status: 'idle',
    archived_at: null,
    usage: emptyUsage(),
    activeMs: 0,
    runningSince: null,
    endedMs: null,
    log,
    threads: [],
    lastMs: now,
  } as Omit<SessionRecord, 'runner'> as SessionRecord;
  session.threads.push({
    id: claudeId(ids, 'sthr'),
    session_id: id,
    parent_thread_id: null,
    agent: agentSnapshot(version, false),
    status: 'idle',
    createdMs: now,
    updatedMs: now,
    archived_at: null,
    log,
    usage: emptyUsage(), // unused: the primary thread reports its session's usage and stats (dto.ts)
    activeMs: 0,
    runningSince: null,
  });
  session.runner = new SessionRunner(ctx, session);
  ctx.store.addSession(session);
  trackSession(ctx, session);
  return session;
}

/**
 * Queues validated events for the session and answers them as the service does: with ids and
 * processed_at null (a confirmation routed to a sub-agent names its thread in session_thread_id).
 */
export function sendEvents(
  ctx: ClaudeContext,
  session: SessionRecord,
  params: Json[],
  path: string,
): LogEvent[] {
  if (session.status === 'terminated' || session.runner.ended) {
    throw invalidState(`session ${session.id} is terminated and accepts no more events`);
  }
  if (session.archived_at !== null) throw invalidState(`session ${session.id} is archived`);
  const environment = ctx.store.environments.get(session.environment_id);
  const answered = new Set<string>();
  const events = params.map((param, index): LogEvent => {
    const at = join(path, index);
    const event: LogEvent = {
      id: session.runner.userId(),
      type: param.type as string,
      ...param,
      processed_at: null,
    };
    switch (param.type) {
      case 'user.tool_confirmation':
      case 'user.custom_tool_result': {
        const key = param.type === 'user.tool_confirmation' ? 'tool_use_id' : 'custom_tool_use_id';
        const toolUseId = param[key] as string;
        const awaited = session.runner.awaiting(toolUseId);
        const kind = param.type === 'user.tool_confirmation' ? 'confirm' : 'custom';
        if (!awaited || awaited.kind !== kind || answered.has(toolUseId)) {
          throw badRequest(
            join(at, key),
            `no ${kind === 'confirm' ? 'tool use awaiting confirmation' : 'custom tool use awaiting a result'} has id ${toolUseId}`,
          );
        }
        answered.add(toolUseId);
        if (awaited.thread) event.session_thread_id = awaited.thread;
        break;
      }
      case 'user.tool_result':
        if ((environment?.wire.config.type ?? 'cloud') !== 'self_hosted') {
          throw badRequest(join(at, 'type'), 'user.tool_result is only valid on self_hosted environments');
        }
        throw badRequest(
          join(at, 'tool_use_id'),
          `no tool use awaiting a client result has id ${String(param.tool_use_id)}`,
        );
      case 'user.interrupt': {
        const thread = param.session_thread_id;
        if (typeof thread === 'string' && !session.threads.some((candidate) => candidate.id === thread)) {
          throw badRequest(join(at, 'session_thread_id'), `session ${session.id} has no thread ${thread}`);
        }
        break;
      }
      case 'user.define_outcome':
        event.outcome_id = session.runner.userId('outc');
        event.max_iterations = param.max_iterations ?? 3;
        break;
    }
    return event;
  });
  session.runner.accept(events);
  // The answer is the events as sent; processing mutates the stored copies later.
  return events.map((event) => ({ ...event }));
}
