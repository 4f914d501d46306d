// Small helpers for the sandbox contract tests: a sandbox per suite, JSON calls, and a raw SSE reader that
// splits frames itself (these tests check the wire format, so they do not lean on a parser library).
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';

/** Starts a sandbox before the suite and closes it after; call the returned getter inside tests. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox({ port: 0, speed: 200, ...options });
  });
  after(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox;
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  // Tests poke at arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Raw body text, sent as is (for non-JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** false = no Authorization header; a string = that key instead of the sandbox's. */
  auth?: false | string;
}

export async function call(sandbox: Sandbox, path: string, options: CallOptions = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== false) headers.authorization = `Bearer ${options.auth ?? sandbox.key}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${sandbox.url}${path}`, { method: options.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (an HTML page): keep the text.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export interface Frame {
  event?: string;
  id?: string;
  data?: string;
  comments: string[];
}

export interface StreamResult {
  status: number;
  headers: Headers;
  text: string;
  frames: Frame[];
  /** Set when the body ended abnormally (dropped connection) or was aborted by `maxMs`. */
  error?: Error;
  /** Byte chunks as received, for the transport-fault tests. */
  chunks: Uint8Array[];
  /** Milliseconds since the request started, one per chunk. */
  chunkTimes: number[];
  elapsedMs: number;
}

export interface StreamOptions {
  headers?: Record<string, string>;
  /** Abort the read after this long (for streams that never end). */
  maxMs?: number;
  /** Stop reading (abort) once this many run_event frames arrived. */
  stopAfterEvents?: number;
}

export async function readStream(
  sandbox: Sandbox,
  path: string,
  options: StreamOptions = {},
): Promise<StreamResult> {
  const started = Date.now();
  const controller = new AbortController();
  const timer = options.maxMs === undefined ? undefined : setTimeout(() => controller.abort(), options.maxMs);
  const chunks: Uint8Array[] = [];
  const chunkTimes: number[] = [];
  let text = '';
  let error: Error | undefined;
  let status = 0;
  let headers = new Headers();
  try {
    const res = await fetch(`${sandbox.url}${path}`, {
      headers: { authorization: `Bearer ${sandbox.key}`, accept: 'text/event-stream', ...options.headers },
      signal: controller.signal,
    });
    status = res.status;
    headers = res.headers;
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      chunkTimes.push(Date.now() - started);
      text += decoder.decode(value, { stream: true });
      if (options.stopAfterEvents !== undefined && countEvents(text) >= options.stopAfterEvents) {
        controller.abort();
        break;
      }
    }
    text += decoder.decode();
  } catch (caught) {
    error = caught as Error;
  } finally {
    clearTimeout(timer);
  }
  return {
    status,
    headers,
    text,
    frames: parseFrames(text),
    error,
    chunks,
    chunkTimes,
    elapsedMs: Date.now() - started,
  };
}

function countEvents(text: string): number {
  return text.split('\n\n').filter((block) => block.includes('event: run_event')).length;
}

/** Splits complete frames (a trailing partial frame is left out). */
export function parseFrames(text: string): Frame[] {
  const blocks = text.split('\n\n');
  blocks.pop(); // whatever follows the last blank line is incomplete
  return blocks.map((block) => {
    const frame: Frame = { comments: [] };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) frame.comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) frame.event = line.slice(7);
      else if (line.startsWith('id: ')) frame.id = line.slice(4);
      else if (line.startsWith('data: '))
        frame.data = (frame.data === undefined ? '' : frame.data + '\n') + line.slice(6);
    }
    return frame;
  });
}

/** The seq of every run_event frame, in order (parsed from data, checked against id). */
export function eventSeqs(frames: Frame[]): number[] {
  return frames
    .filter((frame) => frame.event === 'run_event')
    .map((frame) => {
      const seq = (JSON.parse(frame.data as string) as { seq: number }).seq;
      if (String(seq) !== frame.id) throw new Error(`frame id ${frame.id} does not match data seq ${seq}`);
      return seq;
    });
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

/** A finished scripted run of `events` events (admin endpoint). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function scriptedRun(sandbox: Sandbox, spec: Record<string, unknown>): Promise<any> {
  const res = await call(sandbox, '/_sandbox/runs', { method: 'POST', body: spec });
  if (res.status !== 201) throw new Error(`scripted run: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function streamPath(runId: string, attemptId: string, query = ''): string {
  return `/v1/api/runs/${runId}/events/stream?attemptId=${attemptId}${query}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined (or fails after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: timed out after ${timeoutMs} ms`);
    await sleep(20);
  }
}
