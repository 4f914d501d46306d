// Shared helpers for the over-HTTP tests: an in-process sandbox, its admin endpoints, and small local servers for
// the cases the sandbox cannot produce.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { startSandbox, type Sandbox } from '../../../../sandbox/server';
import { AgentOsClient, type ClientOptions } from '../../../../src/backends/agentos/client';
import type { Logger } from '../../../../src/util/logger';
import type { Run, RunEventDto } from '../../../../src/backends/agentos/wire';

export interface Admin {
  createRun(body: {
    events: number;
    ratePerSec?: number;
    payloadBytes?: number;
    terminal?: string;
    agent_id?: string;
  }): Promise<Run>;
  fault(
    spec: string,
    options?: { times?: number; match?: 'stream' | 'events' | 'api' | 'all' },
  ): Promise<void>;
  clearFaults(): Promise<void>;
  stats(): Promise<{ requests: number; byPath: Record<string, number>; openStreams: number }>;
  pollAll(runId: string, attemptId: string): Promise<RunEventDto[]>;
}

export async function call<T>(sb: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(sb.url + path, {
    method: method as 'GET',
    headers: { authorization: `Bearer ${sb.key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function admin(sb: Sandbox): Admin {
  return {
    createRun: (body) => call<Run>(sb, 'POST', '/_sandbox/runs', body),
    fault: async (spec, options = {}) => {
      await call(sb, 'POST', '/_sandbox/faults', { fault: spec, ...options });
    },
    clearFaults: async () => {
      await call(sb, 'DELETE', '/_sandbox/faults');
    },
    stats: () => call(sb, 'GET', '/_sandbox/stats'),
    pollAll: async (runId, attemptId) => {
      const out: RunEventDto[] = [];
      let after = 0;
      for (;;) {
        const page = await call<{ events: RunEventDto[]; has_more: boolean }>(
          sb,
          'GET',
          `/v1/api/runs/${runId}/events?attemptId=${attemptId}&afterSeq=${after}&limit=1000`,
        );
        out.push(...page.events);
        if (!page.has_more || page.events.length === 0) return out;
        after = page.events[page.events.length - 1]?.seq ?? after;
      }
    },
  };
}

export async function sandbox(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, demo: true, heartbeatMs: 1000, speed: 100, ...options });
}

export function clientFor(
  sb: Sandbox | { url: string; key: string },
  options: Partial<ClientOptions> = {},
): AgentOsClient {
  return new AgentOsClient({
    baseUrl: sb.url,
    apiKey: sb.key,
    version: '0.1.0-test',
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 50,
    ...options,
  });
}

export interface CapturedLog extends Logger {
  lines: string[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const push =
    (level: string) =>
    (m: string): void => {
      lines.push(`${level} ${m}`);
    };
  return { lines, info: push('info'), warn: push('warn'), error: push('error'), debug: push('debug') };
}

export function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

/** A local HTTP server for one test; `handler` decides everything. */
export async function localServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; port: number; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A reverse proxy in front of the sandbox. `intercept` may answer a request itself (return true); otherwise the
 * request is forwarded and `onResponse` may rewrite how the upstream answer is relayed (e.g. buffer it all).
 */
export async function proxyTo(
  upstream: string,
  intercept: (req: IncomingMessage, res: ServerResponse) => boolean,
  relay: (req: IncomingMessage, upstreamRes: IncomingMessage, res: ServerResponse) => void = (
    _req,
    up,
    res,
  ) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  },
): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  return localServer((req, res) => {
    if (intercept(req, res)) return;
    const up = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upRes) => relay(req, upRes, res),
    );
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
}

/** Deterministic PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
