// One request, start to end: auth, faults, routing, and turning errors into `{ message, code }` JSON.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyWriter, type TransportMode } from './body-writer';
import type { SandboxContext } from './context';
import { AGENTOS_FAULTS, parseFaultList, type Fault, type FaultDialect } from './faults';
import { errorBody, HttpError, jsonText } from './http';
import { matchRoute, type Reply, type Route } from './router';

export async function handleRequest(
  ctx: SandboxContext,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.baseUrl);
  let writer = new BodyWriter(res, 'normal');
  try {
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
    const route = match.found ? match.route : undefined;
    const isAdmin = url.pathname.startsWith('/_sandbox/');
    if (!isAdmin) ctx.stats.count(url.pathname);
    if ((route?.auth ?? 'bearer') === 'bearer') {
      const label = keyLabel(ctx, req);
      if (!isAdmin) ctx.stats.countKey(label ?? 'rejected');
      if (!label) throw unauthorized(req);
    }

    const faults = [...requestFaults(req, url), ...(isAdmin ? [] : ctx.faults.take(route?.kind ?? 'api'))];
    if (faults.some((fault) => fault.kind === 'hang')) return; // never answer; close() or the client ends it
    const status = faults.find((fault) => fault.kind === 'status');
    if (status) throw injectedStatus(status);
    writer = new BodyWriter(res, transportMode(faults));

    if (!match.found) throw noRoute(req, url, match.allowed);
    const reply = await match.route.handler({ ctx, req, res, url, params: match.params, faults, writer });
    if (reply) await sendReply(res, writer, reply);
  } catch (error) {
    await answerError(ctx.options.log, res, writer, error, (httpError) => ({
      status: httpError.status,
      body: errorBody(httpError),
      headers: httpError.headers,
    }));
  }
}

/** No route answers this request: 405 with `Allow` when another method would, else 404. */
export function noRoute(req: IncomingMessage, url: URL, allowed: readonly string[]): HttpError {
  if (allowed.length > 0)
    return new HttpError(
      405,
      'METHOD_NOT_ALLOWED',
      `${req.method} is not allowed on ${url.pathname}`,
      {},
      {
        allow: allowed.join(', '),
      },
    );
  return new HttpError(404, 'NOT_FOUND', `Not found: ${req.method} ${url.pathname}`);
}

/**
 * Turns what a handler threw into the error reply its API sends (`toReply`). Anything but an HttpError is a bug in
 * the sandbox: logged, and answered as a 500. Once a response has started (a stream), it can only be cut.
 */
export async function answerError(
  log: (line: string) => void,
  res: ServerResponse,
  writer: BodyWriter,
  error: unknown,
  toReply: (error: HttpError) => Reply,
  contentType?: string,
): Promise<void> {
  const httpError =
    error instanceof HttpError ? error : new HttpError(500, 'INTERNAL_ERROR', 'Internal sandbox error');
  if (!(error instanceof HttpError)) log(`internal error: ${(error as Error).stack ?? String(error)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  await sendReply(res, writer, toReply(httpError), contentType);
}

/**
 * Which accepted key the request carries (`key1`, `key2`…), or undefined. Constant-time comparison; the key never
 * appears in an answer, a log line or the stats.
 */
function keyLabel(ctx: SandboxContext, req: IncomingMessage): string | undefined {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '');
  const index = ctx.keys.findIndex((key) => {
    const expected = Buffer.from(key);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return index < 0 ? undefined : `key${index + 1}`;
}

function unauthorized(req: IncomingMessage): HttpError {
  const message =
    (req.headers.authorization ?? '') === ''
      ? 'Missing API key (Authorization: Bearer <key>)'
      : 'Invalid API key';
  return new HttpError(401, 'UNAUTHORIZED', message, {}, { 'www-authenticate': 'Bearer' });
}

/** The faults asked for by this request itself (`?sandboxFault=` and `X-Sandbox-Fault:`). */
export function requestFaults(
  req: IncomingMessage,
  url: URL,
  dialect: FaultDialect = AGENTOS_FAULTS,
): Fault[] {
  const fromQuery = url.searchParams.get('sandboxFault');
  const fromHeader = req.headers['x-sandbox-fault'];
  return [
    ...(fromQuery ? parseFaultList(fromQuery, 'sandboxFault', dialect) : []),
    ...(typeof fromHeader === 'string' ? parseFaultList(fromHeader, 'X-Sandbox-Fault', dialect) : []),
  ];
}

function injectedStatus(fault: Extract<Fault, { kind: 'status' }>): HttpError {
  if (fault.status === 429) {
    return new HttpError(
      429,
      'RATE_LIMITED',
      'Too many requests (sandbox fault)',
      {},
      {
        'retry-after': String(fault.retryAfterSeconds),
      },
    );
  }
  const code = fault.status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR';
  return new HttpError(fault.status, code, `Injected ${fault.status} (sandbox fault)`);
}

export function transportMode(faults: Fault[]): TransportMode {
  if (faults.some((fault) => fault.kind === 'drip')) return 'drip';
  if (faults.some((fault) => fault.kind === 'split-utf8')) return 'split-utf8';
  return 'normal';
}

export async function sendReply(
  res: ServerResponse,
  writer: BodyWriter,
  reply: Reply,
  contentType = 'application/json; charset=utf-8',
): Promise<void> {
  const text = jsonText(reply.body);
  res.writeHead(reply.status, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
    ...reply.headers,
  });
  await writer.write(text);
  await writer.end();
}
