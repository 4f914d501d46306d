// JSON helpers and the one error type handlers throw. Every non-2xx answer is `{ message, code }` (contract),
// plus `field` on validation errors so a client (or a human with curl) sees which input was wrong.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (field: string, problem: string): HttpError =>
  new HttpError(400, 'VALIDATION_ERROR', `${field}: ${problem}`, { field });

export const notFound = (what: string): HttpError => new HttpError(404, 'NOT_FOUND', `${what} not found`);

export const conflict = (code: string, message: string): HttpError => new HttpError(409, code, message);

export function errorBody(error: HttpError): Record<string, unknown> {
  return { message: error.message, code: error.code, ...error.extra };
}

export function jsonText(body: unknown): string {
  return JSON.stringify(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = jsonText(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The request body parsed as JSON; `undefined` when empty. Non-JSON → 400 naming `body`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'body: larger than 5 MB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('body', 'is not valid JSON');
  }
}

/** Handlers that take a body need an object; anything else (array, string, nothing) is a 400 on `body`. */
export async function readObjectBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJsonBody(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('body', 'must be a JSON object');
  }
  return body as Record<string, unknown>;
}
