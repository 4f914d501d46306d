// Runs: list (agent_id / status filters, newest first, paged), get, create (starts the executor), cancel,
// attempts and checkpoints.
import type { SandboxContext } from './context';
import { attemptDto, currentAttempt, runDto } from './dto';
import { findAgent } from './api-agents';
import { chooseScenario, startExecution } from './executor';
import { badRequest, conflict, notFound, readObjectBody } from './http';
import { cancelRun, createAttempt, createRun } from './lifecycle';
import { pageParams, stringParam } from './query';
import { created, ok, type Reply, type RequestInfo } from './router';
import type { RunRecord } from './types';
import { optionalString, requiredString } from './validate';

export function listRuns({ ctx, url }: RequestInfo): Reply {
  const { limit, offset } = pageParams(url.searchParams);
  const agentId = stringParam(url.searchParams, 'agent_id');
  const status = stringParam(url.searchParams, 'status');
  const { items, total } = ctx.store.listRuns({ agentId, status, limit, offset });
  return ok({ items: items.map(runDto), total, limit, offset });
}

export function getRun({ ctx, params }: RequestInfo): Reply {
  return ok(runDto(findRun(ctx, params[0] as string)));
}

export async function createRunHandler({ ctx, req }: RequestInfo): Promise<Reply> {
  const body = await readObjectBody(req);
  const agent = findAgent(ctx, requiredString(body, 'agent_id'));
  const threadId = readThread(body.thread);
  const key = optionalString(body, 'idempotency_key') ?? headerKey(req.headers['idempotency-key']);
  if (key !== undefined) {
    if (ctx.store.runIdempotencyKeys.has(key)) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', `idempotency_key "${key}" was already used`);
    }
    ctx.store.runIdempotencyKeys.add(key);
  }
  const run = createRun(ctx, { agentId: agent.id, threadId, input: body.input });
  const attempt = createAttempt(ctx, run);
  startExecution(ctx, run, attempt, chooseScenario(ctx, run));
  return created({
    run_id: run.id,
    status: run.status,
    attempt_id: attempt.id,
    current_attempt_id: attempt.id,
    current_attempt_no: attempt.attempt_no,
    thread_id: run.thread_id,
    created_at: run.created_at,
  });
}

export function cancelRunHandler({ ctx, params }: RequestInfo): Reply {
  const run = findRun(ctx, params[0] as string);
  cancelRun(ctx, run);
  return ok(runDto(run));
}

export function listAttempts({ ctx, params, url }: RequestInfo): Reply {
  const run = findRun(ctx, params[0] as string);
  const { limit, offset } = pageParams(url.searchParams);
  const items = run.attempts.slice(offset, offset + limit).map(attemptDto);
  return ok({ items, total: run.attempts.length, limit, offset });
}

export function listCheckpoints({ ctx, params }: RequestInfo): Reply {
  const run = findRun(ctx, params[0] as string);
  return ok({ items: run.checkpoints, current_attempt_id: currentAttempt(run)?.id });
}

export function findRun(ctx: SandboxContext, id: string): RunRecord {
  const run = ctx.store.getRun(id);
  if (!run) throw notFound(`run ${id}`);
  return run;
}

/** `{ thread_id }` continues a thread, `{ new_thread: true }` or no thread starts one. */
function readThread(thread: unknown): string | undefined {
  if (thread === undefined || thread === null) return undefined;
  if (typeof thread !== 'object' || Array.isArray(thread)) {
    throw badRequest('thread', 'must be { thread_id } or { new_thread: true }');
  }
  const fields = thread as Record<string, unknown>;
  if (fields.thread_id !== undefined) {
    if (typeof fields.thread_id !== 'string' || fields.thread_id === '') {
      throw badRequest('thread.thread_id', 'must be a non-empty string');
    }
    return fields.thread_id;
  }
  if (fields.new_thread === true) return undefined;
  throw badRequest('thread', 'must be { thread_id } or { new_thread: true }');
}

function headerKey(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
