// One Managed Agents request, start to end, as the service answers it: a `request-id` header on every answer;
// the key (authorization: Bearer, or x-api-key) → 401; the route → 404/405; `anthropic-version` and an
// `anthropic-beta` that includes managed-agents-2026-04-01 → 400; then faults, then the handler. Every error is
// `{ type: "error", error: { type, message } }`. Admin routes (/_sandbox/claude/…) need the key only.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyWriter } from '../body-writer';
import type { Fault, FaultDialect } from '../faults';
import { answerError, noRoute, requestFaults, sendReply as sendJson, transportMode } from '../handle-request';
import { HttpError } from '../http';
import { matchRoute, type Reply } from '../router';
import type { ClaudeContext, ClaudeRoute } from './context';
import { errorBody } from './errors';
import { claudeId } from './ids';

export const BETA = 'managed-agents-2026-04-01';

export const CLAUDE_FAULTS: FaultDialect = {
  kinds: [
    'drop',
    'stall',
    'status',
    'malformed',
    'drip',
    'split-utf8',
    'error-frame',
    'hang',
    'end',
    'list-only',
    'big',
  ],
  statuses: [429, 500, 503, 529],
};

export async function handleClaudeRequest(
  ctx: ClaudeContext,
  routes: readonly ClaudeRoute[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.baseUrl);
  res.setHeader('request-id', claudeId(ctx.requestIds, 'req'));
  let writer = new BodyWriter(res, 'normal');
  try {
    const isAdmin = url.pathname.startsWith('/_sandbox/');
    if (!isAdmin) ctx.stats.count(url.pathname);
    checkKey(ctx, req, isAdmin);
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (!match.found) throw noRoute(req, url, match.allowed);
    if (!isAdmin) checkHeaders(req);
    const faults = [
      ...requestFaults(req, url, CLAUDE_FAULTS),
      ...(isAdmin ? [] : ctx.faults.take(match.route.kind)),
    ];
    if (faults.some((fault) => fault.kind === 'hang')) return; // never answer; close() or the client ends it
    const status = faults.find((fault) => fault.kind === 'status');
    if (status) throw injectedStatus(status);
    writer = new BodyWriter(res, transportMode(faults));
    const reply = await match.route.handler({ ctx, req, res, url, params: match.params, faults, writer });
    if (reply) await sendReply(res, writer, reply);
  } catch (error) {
    await answerError(
      ctx.options.log,
      res,
      writer,
      error,
      (httpError) => ({
        status: httpError.status,
        body: errorBody(httpError.status, httpError.message),
        headers: httpError.headers,
      }),
      CONTENT_TYPE,
    );
  }
}

/** Constant-time comparison; the key never appears in an answer or a log line. Counted by key, as AgentOS does. */
function checkKey(ctx: ClaudeContext, req: IncomingMessage, isAdmin: boolean): void {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  const apiKey = req.headers['x-api-key'];
  const sent = bearer ?? (typeof apiKey === 'string' ? apiKey.trim() : '');
  const given = Buffer.from(sent);
  const expected = Buffer.from(ctx.options.key);
  const accepted = given.length === expected.length && timingSafeEqual(given, expected);
  if (!isAdmin) ctx.stats.countKey(accepted ? 'key1' : 'rejected');
  if (sent === '') {
    throw new HttpError(
      401,
      'UNAUTHORIZED',
      'Missing API key: send authorization: Bearer <key> (or x-api-key)',
    );
  }
  if (!accepted) throw new HttpError(401, 'UNAUTHORIZED', 'Invalid API key');
}

function checkHeaders(req: IncomingMessage): void {
  if (!req.headers['anthropic-version']) {
    throw new HttpError(400, 'BAD_REQUEST', 'anthropic-version: header is required');
  }
  const betas = String(req.headers['anthropic-beta'] ?? '')
    .split(',')
    .map((beta) => beta.trim());
  if (!betas.includes(BETA)) {
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `anthropic-beta: this endpoint is in beta; send anthropic-beta: ${BETA}`,
    );
  }
}

function injectedStatus(fault: Extract<Fault, { kind: 'status' }>): HttpError {
  switch (fault.status) {
    case 429:
      return new HttpError(
        429,
        'RATE_LIMITED',
        'Number of requests has exceeded your rate limit (sandbox fault)',
        {},
        {
          'retry-after': String(fault.retryAfterSeconds),
        },
      );
    case 529:
      return new HttpError(529, 'OVERLOADED', 'Overloaded (sandbox fault)');
    case 503:
      return new HttpError(503, 'UNAVAILABLE', 'Service unavailable (sandbox fault)');
    default:
      return new HttpError(500, 'INTERNAL_ERROR', 'Internal server error (sandbox fault)');
  }
}

/** The service answers `application/json` (no charset parameter). */
const CONTENT_TYPE = 'application/json';

function sendReply(res: ServerResponse, writer: BodyWriter, reply: Reply): Promise<void> {
  return sendJson(res, writer, reply, CONTENT_TYPE);
}
