// Event polling: GET /v1/api/runs/{runId}/events?attemptId=A&afterSeq=N&limit=L.
import { badRequest, notFound } from './http';
import { intParam } from './query';
import { ok, type Reply, type RequestInfo } from './router';
import type { AttemptRecord, RunRecord } from './types';

/** Run from the path, attempt from `attemptId` (required: there is no implicit attempt). */
export function findAttempt(request: RequestInfo): { run: RunRecord; attempt: AttemptRecord } {
  const runId = request.params[0] as string;
  const run = request.ctx.store.getRun(runId);
  if (!run) throw notFound(`run ${runId}`);
  const attemptId = request.url.searchParams.get('attemptId');
  if (attemptId === null || attemptId === '') throw badRequest('attemptId', 'is required');
  const attempt = run.attempts.find((candidate) => candidate.id === attemptId);
  if (!attempt) throw notFound(`attempt ${attemptId} of run ${runId}`);
  return { run, attempt };
}

export const MAX_POLL_LIMIT = 1000;

export function pollEvents(request: RequestInfo): Reply {
  const { attempt } = findAttempt(request);
  const params = request.url.searchParams;
  const afterSeq = intParam(params, 'afterSeq', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
  const limit = intParam(params, 'limit', { min: 1, max: MAX_POLL_LIMIT, fallback: 100 });
  const events = attempt.ledger.range(afterSeq, limit);
  const latestSeq = attempt.ledger.length;
  const lastSeq = events[events.length - 1]?.seq;
  return ok({
    events,
    latest_seq: latestSeq,
    next_after_seq: lastSeq ?? null,
    has_more: lastSeq !== undefined && lastSeq < latestSeq,
  });
}
