// Runs and attempts come to life here, and their status follows the events in the ledger: the ledger is the
// source of truth (as in AgentOS), statuses are derived from what was appended.
import type { SandboxContext } from './context';
import { currentAttempt } from './dto';
import { HttpError } from './http';
import { Ledger, type EventGenerator } from './ledger';
import { randomUuid } from './random';
import type { AttemptRecord, RunEventDto, RunRecord, RunStatus } from './types';

const TERMINAL_STATUS: Record<string, RunStatus> = {
  RUN_FINISHED: 'completed',
  RUN_FAILED: 'failed',
  RUN_CANCELLED: 'cancelled',
};

export const FINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export interface NewRun {
  agentId: string;
  threadId?: string;
  input?: unknown;
  createdAt?: string;
}

export function createRun(ctx: SandboxContext, spec: NewRun): RunRecord {
  const run: RunRecord = {
    id: randomUuid(ctx.random),
    order: ctx.store.takeRunOrder(),
    agent_id: spec.agentId,
    thread_id: spec.threadId ?? randomUuid(ctx.random),
    status: 'queued',
    input: spec.input ?? null,
    output: null,
    error: null,
    created_at: spec.createdAt ?? new Date().toISOString(),
    started_at: null,
    completed_at: null,
    attempts: [],
    checkpoints: [],
  };
  ctx.store.addRun(run);
  return run;
}

/** Adds attempt n+1 as the run's current attempt; its status then follows its ledger. */
export function createAttempt(
  ctx: SandboxContext,
  run: RunRecord,
  generator?: EventGenerator,
): AttemptRecord {
  const id = randomUuid(ctx.random);
  const attempt: AttemptRecord = {
    id,
    run_id: run.id,
    attempt_no: run.attempts.length + 1,
    status: 'queued',
    started_at: null,
    completed_at: null,
    ledger: new Ledger(id, generator),
    driver: null,
  };
  run.attempts.push(attempt);
  attempt.ledger.onAppend((fromSeq, toSeq) => {
    const ledger = attempt.ledger;
    attempt.started_at ??= (ledger.get(fromSeq) as RunEventDto).timestamp;
    applyEvent(ctx, run, attempt, ledger.get(toSeq) as RunEventDto);
  });
  return attempt;
}

/** Only the newest event of an append matters for status: it is the state the attempt is in now. */
function applyEvent(ctx: SandboxContext, run: RunRecord, attempt: AttemptRecord, event: RunEventDto): void {
  const type = event.type.toUpperCase();
  const status: RunStatus =
    TERMINAL_STATUS[type] ?? (type === 'HUMAN_INPUT_REQUESTED' ? 'waiting_for_human' : 'running');
  attempt.status = status;
  if (TERMINAL_STATUS[type]) attempt.completed_at = event.timestamp;
  if (currentAttempt(run) !== attempt) return;

  run.started_at ??= attempt.started_at;
  if (TERMINAL_STATUS[type]) {
    run.completed_at = event.timestamp;
    const payload = (event.payload ?? {}) as Record<string, unknown>;
    if (type === 'RUN_FINISHED') run.output = payload.output ?? payload;
    if (type === 'RUN_FAILED') run.error = payload.error ?? payload;
  }
  // A resumed run keeps saying so while it works; it only changes on human input or its end.
  const keepResumed = run.status === 'resumed' && status === 'running';
  if (!keepResumed) ctx.store.setRunStatus(run, status);
}

export function cancelRun(ctx: SandboxContext, run: RunRecord): void {
  const attempt = currentAttempt(run);
  if (FINAL_STATUSES.includes(run.status) || !attempt || attempt.ledger.finished) {
    throw new HttpError(409, 'RUN_NOT_CANCELLABLE', `run ${run.id} is already ${run.status}`);
  }
  stopDriver(ctx, attempt);
  attempt.ledger.append('RUN_CANCELLED', {
    reason: 'cancelled_by_user',
    message: 'Run cancelled on request',
  });
}

/**
 * Starts attempt n+1. An attempt that is still open is closed first with RUN_CANCELLED (reason `superseded`) so
 * anyone following it sees a terminal event instead of a stream that never ends.
 */
export function startNextAttempt(
  ctx: SandboxContext,
  run: RunRecord,
  generator?: EventGenerator,
): AttemptRecord {
  const previous = currentAttempt(run);
  const wasWaiting = run.status === 'waiting_for_human';
  const next = createAttempt(ctx, run, generator);
  if (previous && !previous.ledger.finished) {
    stopDriver(ctx, previous);
    previous.ledger.append('RUN_CANCELLED', {
      reason: 'superseded',
      next_attempt_id: next.id,
      next_attempt_no: next.attempt_no,
    });
  }
  run.completed_at = null;
  run.error = null;
  run.output = null;
  ctx.store.setRunStatus(run, wasWaiting ? 'resumed' : 'queued');
  return next;
}

export function stopDriver(ctx: SandboxContext, attempt: AttemptRecord): void {
  if (!attempt.driver) return;
  attempt.driver.stop();
  ctx.drivers.delete(attempt.driver);
  attempt.driver = null;
}
