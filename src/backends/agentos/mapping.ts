/**
 * AgentOS records as the extension's neutral shapes (backends/types.ts): runs, agents, attempts, triggers and
 * events, with their states normalised. Pure: no I/O, no `vscode` import.
 */
import type { AgentInfo, Fact, RunInfo, RunState, SubRunInfo, TimelineEvent, TriggerInfo } from '../types';
import { typeName } from '../../util/text';
import { findChatwootTrigger, isChatwootTrigger } from './chatwoot';
import { configSummary } from './trigger-summary';
import {
  isTerminalEventType,
  type Agent,
  type Run,
  type RunAttempt,
  type RunEventDto,
  type Trigger,
} from './wire';

/** The run state of an AgentOS status word, compared case-insensitively; an unknown word is `unknown`. */
export function runState(status: string | null | undefined): RunState {
  switch (typeof status === 'string' ? status.toLowerCase() : '') {
    case 'queued':
      return 'queued';
    case 'running':
    case 'resumed':
      return 'running';
    case 'waiting_for_human':
      return 'waiting';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/** The run status an event implies, if any (RUN_STARTED → running, …). */
export function statusFromEvent(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  switch (type.toUpperCase()) {
    case 'RUN_STARTED':
      return 'running';
    case 'HUMAN_INPUT_REQUESTED':
      return 'waiting_for_human';
    case 'HUMAN_INPUT_RECEIVED':
    case 'RUN_RESUMED':
      return 'running';
    case 'RUN_FINISHED':
      return 'completed';
    case 'RUN_FAILED':
      return 'failed';
    case 'RUN_CANCELLED':
      return 'cancelled';
    default:
      return undefined;
  }
}

export function toRunInfo(run: Run): RunInfo {
  const info: RunInfo = {
    id: run.id,
    state: runState(run.status),
    status: String(run.status ?? ''),
    raw: run,
  };
  if (run.agent_id) info.agentId = run.agent_id;
  if (run.created_at) info.createdAt = run.created_at;
  if (run.started_at) info.startedAt = run.started_at;
  if (run.completed_at) info.endedAt = run.completed_at;
  if (run.current_attempt_id) info.currentSubRunId = run.current_attempt_id;
  if (typeof run.current_attempt_no === 'number') info.subRunCount = run.current_attempt_no;
  if (typeof run.latest_seq === 'number') info.eventCount = run.latest_seq;
  if (run.error !== undefined && run.error !== null)
    info.error = typeof run.error === 'string' ? run.error : JSON.stringify(run.error);
  const facts: Fact[] = [];
  if (run.thread_id) facts.push({ label: 'Thread', value: run.thread_id, code: true });
  if (run.current_attempt_no) facts.push({ label: 'Attempt', value: String(run.current_attempt_no) });
  if (facts.length > 0) info.facts = facts;
  return info;
}

export function toAgentInfo(agent: Agent): AgentInfo {
  const info: AgentInfo = { id: agent.id, name: agent.name || agent.id, raw: agent };
  if (agent.last_run_status) {
    info.lastRun = { state: runState(agent.last_run_status), status: String(agent.last_run_status) };
    if (agent.last_run_id) info.lastRun.id = agent.last_run_id;
    if (agent.last_run_at) info.lastRun.at = agent.last_run_at;
  }
  info.facts = [
    agent.live_bundle_id
      ? { label: 'Live bundle', value: agent.live_bundle_id, code: true }
      : { label: 'Live bundle', value: 'none' },
  ];
  if (agent.metadata !== undefined && agent.metadata !== null) info.metadata = agent.metadata;
  return info;
}

export function toSubRunInfo(attempt: RunAttempt, currentAttemptId: string | undefined): SubRunInfo {
  const info: SubRunInfo = {
    id: attempt.id,
    runId: attempt.run_id,
    label: `Attempt ${attempt.attempt_no}`,
    no: attempt.attempt_no,
    state: runState(attempt.status),
    status: String(attempt.status ?? ''),
    current: attempt.id === currentAttemptId,
    raw: attempt,
  };
  if (typeof attempt.latest_seq === 'number') info.eventCount = attempt.latest_seq;
  if (attempt.started_at) info.startedAt = attempt.started_at;
  if (attempt.completed_at) info.endedAt = attempt.completed_at;
  return info;
}

export function toTriggerInfo(trigger: Trigger): TriggerInfo {
  const info: TriggerInfo = {
    id: trigger.id,
    name: trigger.name || trigger.type,
    type: String(trigger.type),
    active: trigger.enabled !== false,
    summary: configSummary(String(trigger.type), trigger.config),
    inbox: isChatwootTrigger(trigger),
    raw: trigger,
  };
  if (trigger.agent_id) info.agentId = trigger.agent_id;
  if (trigger.enabled === false) info.reason = 'disabled';
  return info;
}

/** Whether an agent's triggers include one that opens a Chatwoot inbox. */
export function hasInbox(triggers: readonly Trigger[]): boolean {
  return findChatwootTrigger(triggers) !== undefined;
}

/** An event as the timeline shows it; its cursor (where to resume after it) is its seq. */
export function toTimelineEvent(event: RunEventDto): TimelineEvent {
  const status = statusFromEvent(event.type);
  const out: TimelineEvent = {
    id: typeof event.id === 'string' && event.id !== '' ? event.id : `${event.attempt_id}:${event.seq}`,
    cursor: String(event.seq),
    label: `#${event.seq}`,
    type: typeName(event.type),
    time: typeof event.timestamp === 'string' ? event.timestamp : '',
    payload: event.payload,
    terminal: isTerminalEventType(event.type),
    raw: event,
  };
  if (status) out.status = { state: runState(status), status };
  const next = supersededBy(event);
  if (next) out.nextSubRun = next;
  return out;
}

/** A RUN_CANCELLED `{ reason: "superseded", next_attempt_id }`: the attempt that took over. */
function supersededBy(event: RunEventDto): { id: string; no?: number } | undefined {
  if (String(event.type).toUpperCase() !== 'RUN_CANCELLED') return undefined;
  const p = event.payload as {
    reason?: unknown;
    next_attempt_id?: unknown;
    next_attempt_no?: unknown;
  } | null;
  if (!p || typeof p !== 'object' || p.reason !== 'superseded' || typeof p.next_attempt_id !== 'string')
    return undefined;
  return typeof p.next_attempt_no === 'number'
    ? { id: p.next_attempt_id, no: p.next_attempt_no }
    : { id: p.next_attempt_id };
}
