// A tiny router: a table of method + path pattern → handler. A handler either returns a Reply (sent as JSON by
// the server) or writes the response itself (the event stream) and returns nothing. Generic over the context, so
// the Managed Agents sandbox (sandbox/claude/) routes with the same table shape and matcher.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BodyWriter } from './body-writer';
import type { SandboxContext } from './context';
import type { Fault, RequestKind } from './faults';

export interface RequestInfo<C = SandboxContext> {
  ctx: C;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Captured path segments, already URI-decoded. */
  params: string[];
  /** Faults for this request that the handler applies itself (frame faults on a stream). */
  faults: Fault[];
  writer: BodyWriter;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler<C = SandboxContext> = (request: RequestInfo<C>) => Promise<Reply | void> | Reply | void;

/** `bearer`: the API key; `chatwoot`: the `api_access_token` header; `none`: a page for the browser. */
export type AuthKind = 'bearer' | 'chatwoot' | 'none';

export interface Route<C = SandboxContext> {
  method: string;
  pattern: RegExp;
  kind: RequestKind;
  auth: AuthKind;
  handler: Handler<C>;
}

/** An API route: behind the key, and counted as `api` for the fault queue unless the table says otherwise. */
export function apiRoute<C>(method: string, template: string, handler: Handler<C>): Route<C> {
  return { method, pattern: path(template), kind: 'api', auth: 'bearer', handler };
}

export type RouteMatch<R = Route> =
  { found: true; route: R; params: string[] } | { found: false; allowed: string[] };

export function matchRoute<R extends { method: string; pattern: RegExp }>(
  routes: readonly R[],
  method: string,
  path: string,
): RouteMatch<R> {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method === method) {
      return { found: true, route, params: match.slice(1).map((part) => decodeURIComponent(part)) };
    }
    allowed.push(route.method);
  }
  return { found: false, allowed };
}

/** Pattern from a path like `/v1/api/runs/:id/cancel`. */
export function path(template: string): RegExp {
  const source = template
    .split('/')
    .map((part) => (part.startsWith(':') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

export const ok = (body: unknown, headers?: Record<string, string>): Reply => ({
  status: 200,
  body,
  headers,
});
export const created = (body: unknown): Reply => ({ status: 201, body });
