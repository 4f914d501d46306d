// Wire shapes: what the API answers for each record (never internal fields such as ledgers or secret values).
import type { AgentRecord, AttemptRecord, CredentialRecord, RunRecord } from './types';

export function currentAttempt(run: RunRecord): AttemptRecord | undefined {
  return run.attempts[run.attempts.length - 1];
}

export function agentDto(agent: AgentRecord): AgentRecord {
  return { ...agent };
}

export function runDto(run: RunRecord): Record<string, unknown> {
  const attempt = currentAttempt(run);
  return {
    id: run.id,
    agent_id: run.agent_id,
    thread_id: run.thread_id,
    status: run.status,
    input: run.input,
    output: run.output,
    error: run.error,
    current_attempt_id: attempt?.id,
    current_attempt_no: attempt?.attempt_no,
    latest_seq: attempt ? attempt.ledger.length : 0,
    created_at: run.created_at,
    started_at: run.started_at ?? undefined,
    completed_at: run.completed_at ?? undefined,
  };
}

export function attemptDto(attempt: AttemptRecord): Record<string, unknown> {
  return {
    id: attempt.id,
    run_id: attempt.run_id,
    attempt_no: attempt.attempt_no,
    status: attempt.status,
    started_at: attempt.started_at,
    completed_at: attempt.completed_at ?? undefined,
    latest_seq: attempt.ledger.length,
  };
}

export function credentialDto(credential: CredentialRecord, includeValues: boolean): Record<string, unknown> {
  const { chatwootAccounts: _accounts, values, ...visible } = credential;
  return includeValues ? { ...visible, values } : visible;
}
