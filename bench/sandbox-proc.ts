// Starts the sandbox in a child process, so its CPU and memory stay out of the measured process.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';

export const repoRoot = join(__dirname, '..');

export interface SandboxProc {
  url: string;
  key: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startSandboxProcess(extraArgs: string[] = []): Promise<SandboxProc> {
  const key = 'bench-key-0123456789';
  return startChild(
    ['sandbox/cli.ts', '--port', '0', '--quiet', '--key', key, '--heartbeat-ms', '15000', ...extraArgs],
    key,
  );
}

/** Serves a recorded stream file from a child process. */
export function startReplayProcess(file: string, key: string): Promise<SandboxProc> {
  return startChild(['bench/replay-server.ts', file], key);
}

async function startChild(args: string[], key: string): Promise<SandboxProc> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start within 30 s`)), 30_000);
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited early (code ${code})`)));
  });
  return {
    url,
    key,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function adminCall<T>(
  sb: { url: string; key: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await request(sb.url + path, {
    method: method as 'POST',
    headers: { authorization: `Bearer ${sb.key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

/** Records the full SSE response of an attempt (to replay it byte for byte). */
export async function recordStream(
  sb: { url: string; key: string },
  runId: string,
  attemptId: string,
): Promise<Buffer> {
  const res = await request(
    `${sb.url}/v1/api/runs/${runId}/events/stream?attemptId=${attemptId}&afterSeq=0`,
    {
      headers: { authorization: `Bearer ${sb.key}`, accept: 'text/event-stream' },
    },
  );
  const parts: Buffer[] = [];
  for await (const chunk of res.body) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** A finished scripted attempt of `events` events (replayed as fast as the socket allows). */
export async function scriptedRun(
  sb: { url: string; key: string },
  events: number,
): Promise<{ runId: string; attemptId: string }> {
  const run = await adminCall<{ id: string; current_attempt_id: string }>(sb, 'POST', '/_sandbox/runs', {
    events,
  });
  return { runId: run.id, attemptId: run.current_attempt_id };
}
