// Helpers for the Follow Run integration tests: sandbox admin calls, waiting on the panel's webview, ranges.
import type { Run } from '../../../src/backends/agentos/wire';
import type { ProbeOp, ProbeSnapshot, ProbeTrace } from '../../../src/panel/probe-types';
import type { FollowRunApi } from '../../../src/panel/register';
import type { Sandbox } from '../../../sandbox/server';
import { activatedExtension } from './extension';

/** Where a sandbox listens and its key: all the admin calls need (in-process or child-process sandbox). */
export type SandboxAddress = Pick<Sandbox, 'url' | 'key'>;

export async function followApi(): Promise<FollowRunApi> {
  return (await activatedExtension()).exports.followRun;
}

export async function admin<T>(
  sandbox: SandboxAddress,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface ScriptedRun {
  events: number;
  ratePerSec?: number;
  payloadBytes?: number;
  terminal?: 'RUN_FINISHED' | 'RUN_FAILED' | 'RUN_CANCELLED' | 'none';
  script?: { type: string; payload: unknown }[];
  agent_id?: string;
}

export function scriptedRun(sandbox: SandboxAddress, spec: ScriptedRun): Promise<Run> {
  return admin<Run>(sandbox, 'POST', '/_sandbox/runs', spec);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

export async function probe<T = ProbeSnapshot>(api: FollowRunApi, key: string, op: ProbeOp): Promise<T> {
  const result = (await api.probe(key, op)) as T & { error?: string };
  if (result && typeof result === 'object' && 'error' in result && result.error) {
    throw new Error(`probe ${op.op} failed in the webview: ${result.error}`);
  }
  return result;
}

/** Polls the panel's webview until `done(snapshot)`; fails with the last snapshot after `timeoutMs`. */
export async function waitForPanel(
  api: FollowRunApi,
  key: string,
  done: (s: ProbeSnapshot) => boolean,
  options: { timeoutMs?: number; what?: string; includeOrds?: boolean } = {},
): Promise<ProbeSnapshot> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: ProbeSnapshot | undefined;
  for (;;) {
    try {
      last = await probe(api, key, { op: 'snapshot', includeOrds: options.includeOrds });
      if (last && done(last)) return last;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) {
      const { ords: _s, viewOrds: _v, perf: _p, ...brief } = last ?? ({} as ProbeSnapshot);
      throw new Error(
        `timed out waiting for ${options.what ?? 'the panel'}; last snapshot ${JSON.stringify(brief).slice(0, 1500)}`,
      );
    }
    await sleep(100);
  }
}

export async function waitFor<T>(
  get: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
  what = 'a condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value).slice(0, 800)}`);
    await sleep(100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export async function closeAllPanels(api: FollowRunApi): Promise<void> {
  for (const p of api.panels()) api.close(p.key);
}

/**
 * A pass-through proxy in front of the sandbox that replaces the JSON string `"__DEEP__"` in answers with a
 * 10,000-deep object literal. The sandbox serialises events with JSON.stringify, which overflows the stack at about
 * 5,000 levels in Node 20, so such a payload cannot come from the sandbox itself — but a real server could send one.
 */
export async function deepPayloadProxy(
  sandbox: Sandbox,
  depth = 10_000,
): Promise<{ url: string; close(): Promise<void> }> {
  const http = await import('node:http');
  const deep = `${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
  const marker = '"__DEEP__"';
  const target = new URL(sandbox.url);
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        const headers = { ...up.headers };
        delete headers['content-length'];
        res.writeHead(up.statusCode ?? 502, headers);
        let carry = '';
        up.setEncoding('utf8');
        up.on('data', (chunk: string) => {
          const text = carry + chunk;
          const cut = text.lastIndexOf('\n');
          if (cut < 0) {
            carry = text;
            return;
          }
          carry = text.slice(cut + 1);
          res.write(
            text
              .slice(0, cut + 1)
              .split(marker)
              .join(deep),
          );
        });
        up.on('end', () => res.end(carry.split(marker).join(deep)));
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
    res.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The panel's trace, asked again until `done` holds. */
export async function waitForTrace(
  api: FollowRunApi,
  key: string,
  done: (t: ProbeTrace) => boolean,
  what: string,
  timeoutMs = 30_000,
  brief = false,
): Promise<ProbeTrace> {
  return waitFor(() => probe<ProbeTrace>(api, key, { op: 'trace', brief }), done, timeoutMs, what);
}
