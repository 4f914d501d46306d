// Helpers for the Managed Agents sandbox contract tests: a sandbox per suite with the official SDK as its client,
// raw fetch for what the SDK cannot express (headers it always sends, raw SSE bytes), and waiting on conditions
// (never on fixed sleeps).
import Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsStreamSessionEvents } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';
import { createBackend } from '../../../src/backends/registry';
import type { Backend } from '../../../src/backends/types';
import { silentLogger } from '../../../src/util/logger';

export type StreamEvent = BetaManagedAgentsStreamSessionEvents;

export interface Harness {
  sandbox: Sandbox;
  client: Anthropic;
}

/** Starts a sandbox before the suite (fast: speed 1000, no demo unless asked) and closes it after. */
export function useClaude(options: SandboxOptions = {}): () => Harness {
  let harness: Harness | undefined;
  before(async () => {
    const sandbox = await startSandbox({ port: 0, speed: 1000, demo: false, heartbeatMs: 100, ...options });
    harness = { sandbox, client: sdk(sandbox) };
  });
  after(async () => {
    await harness?.sandbox.close();
  });
  return () => {
    if (!harness) throw new Error('sandbox not started');
    return harness;
  };
}

/** The official client, no retries, silent (malformed-frame tests would otherwise print the SDK's complaint). */
export function sdk(sandbox: Sandbox, apiKey = sandbox.claude.key): Anthropic {
  return new Anthropic({ apiKey, baseURL: sandbox.claude.baseUrl, maxRetries: 0, logLevel: 'off' });
}

export const BETA_HEADERS = {
  'anthropic-version': '2026-10-21',
  'anthropic-beta': 'managed-agents-2026-04-01',
};

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  // Tests poke at arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A request without the SDK: `headers` replace the defaults (the key and the beta headers) when given. */
export async function raw(
  sandbox: Sandbox,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers = init.headers ?? { authorization: `Bearer ${sandbox.claude.key}`, ...BETA_HEADERS };
  const res = await fetch(`${sandbox.claude.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** An admin call (/_sandbox/claude/…), with the Managed Agents key. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function admin(sandbox: Sandbox, path: string, body?: unknown, method = 'POST'): Promise<any> {
  const res = await raw(sandbox, `/_sandbox/claude${path}`, {
    method,
    body,
    headers: { authorization: `Bearer ${sandbox.claude.key}` },
  });
  if (res.status >= 300) throw new Error(`admin ${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** Reads an SDK stream in the background until `until` holds for an event (or the stream ends or fails). */
export class Follower {
  readonly events: StreamEvent[] = [];
  error: unknown;
  readonly done: Promise<void>;
  private controller: AbortController | undefined;

  constructor(
    stream: AsyncIterable<StreamEvent> & { controller?: AbortController },
    until?: (event: StreamEvent) => boolean,
  ) {
    this.controller = stream.controller;
    this.done = (async () => {
      try {
        for await (const event of stream) {
          this.events.push(event);
          if (until?.(event)) break;
        }
      } catch (error) {
        this.error = error;
      }
    })();
  }

  stop(): void {
    this.controller?.abort();
  }

  /** Resolves once an event satisfies `check` (fails after `timeoutMs`). */
  async waitFor(
    check: (event: StreamEvent, index: number) => boolean,
    timeoutMs = 10_000,
  ): Promise<StreamEvent> {
    return waitFor(async () => this.events.find(check), timeoutMs);
  }

  /** The non-preview events, i.e. those the list also has. */
  get logged(): StreamEvent[] {
    return this.events.filter((event) => event.type !== 'event_start' && event.type !== 'event_delta');
  }
}

export async function follow(
  client: Anthropic,
  sessionId: string,
  params: { event_deltas?: ('agent.message' | 'agent.thinking')[] } = {},
  until?: (event: StreamEvent) => boolean,
  headers?: Record<string, string>,
): Promise<Follower> {
  const stream = await client.beta.sessions.events.stream(
    sessionId,
    params,
    headers ? { headers } : undefined,
  );
  return new Follower(stream, until);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something other than undefined (fails after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: timed out after ${timeoutMs} ms`);
    await sleep(10);
  }
}

export const isIdle = (event: StreamEvent, reason?: string): boolean =>
  event.type === 'session.status_idle' && (reason === undefined || event.stop_reason.type === reason);

/** Every event of a session, oldest first, through the SDK's auto-paging. */
export async function allEvents(client: Anthropic, sessionId: string, limit = 100): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of client.beta.sessions.events.list(sessionId, { limit })) events.push(event);
  return events;
}

/** An agent of the catalog by name prefix (the catalog exists even without the demo). */
export async function agentNamed(client: Anthropic, prefix: string): Promise<string> {
  for await (const agent of client.beta.agents.list()) if (agent.name.startsWith(prefix)) return agent.id;
  throw new Error(`no agent named ${prefix}…`);
}

/** The newest cloud environment (the catalog also has a self-hosted one). */
export async function environmentId(client: Anthropic): Promise<string> {
  const page = await client.beta.environments.list();
  const cloud = page.data.find((environment) => environment.config.type === 'cloud');
  if (!cloud) throw new Error('no cloud environment');
  return cloud.id;
}

/** A new idle session whose turns follow `scenario` (sandbox_scenario metadata). */
export async function newSession(
  client: Anthropic,
  options: { agent?: string; scenario?: string; text?: string; title?: string } = {},
): Promise<string> {
  const agent = options.agent ?? (await agentNamed(client, 'Data Analyst'));
  const session = await client.beta.sessions.create({
    agent,
    environment_id: await environmentId(client),
    title: options.title ?? 'test session',
    metadata: options.scenario ? { sandbox_scenario: options.scenario } : {},
    ...(options.text
      ? { initial_events: [{ type: 'user.message', content: [{ type: 'text', text: options.text }] }] }
      : {}),
  });
  return session.id;
}

export function userMessage(text: string): {
  type: 'user.message';
  content: { type: 'text'; text: string }[];
} {
  return { type: 'user.message', content: [{ type: 'text', text }] };
}

export interface RawStream {
  status: number;
  headers: Headers;
  text: string;
  chunks: Uint8Array[];
  /** Milliseconds since the request started, one per chunk. */
  chunkTimes: number[];
  /** Set when the body ended abnormally (a dropped connection). */
  error?: Error;
}

/** Reads an SSE response as bytes until `until(text)` holds, the response ends, or `maxMs` passes. */
export async function readRaw(
  sandbox: Sandbox,
  path: string,
  options: {
    until?: (text: string) => boolean;
    /** Called with the text so far after each chunk (e.g. to act once the stream is known to be live). */
    onText?: (text: string) => void;
    maxMs?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<RawStream> {
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.maxMs ?? 10_000);
  const result: RawStream = { status: 0, headers: new Headers(), text: '', chunks: [], chunkTimes: [] };
  try {
    const res = await fetch(`${sandbox.claude.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${sandbox.claude.key}`, ...BETA_HEADERS, ...options.headers },
      signal: controller.signal,
    });
    result.status = res.status;
    result.headers = res.headers;
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      result.chunks.push(value);
      result.chunkTimes.push(Date.now() - started);
      result.text += decoder.decode(value, { stream: true });
      options.onText?.(result.text);
      if (options.until?.(result.text)) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) result.error = error as Error;
  } finally {
    clearTimeout(timer);
  }
  return result;
}

export interface RawFrame {
  lines: string[];
  event?: string;
  data?: string;
}

/** Complete frames of an SSE text (a trailing partial frame is left out). */
export function frames(text: string): RawFrame[] {
  const blocks = text.split('\n\n');
  blocks.pop();
  return blocks.map((block) => {
    const lines = block.split('\n');
    return {
      lines,
      event: lines.find((line) => line.startsWith('event: '))?.slice(7),
      data: lines.find((line) => line.startsWith('data: '))?.slice(6),
    };
  });
}

/**
 * A new session through the API, of an agent that has the agent toolset (so `ask` turns have a tool to ask about),
 * in the first live environment; `scenarios` picks its turns (the sandbox's `metadata.sandbox_scenario`). With
 * `text`, the session starts its first turn at once with that message (idle until a message otherwise).
 */
export async function createToolSession(
  sandbox: Sandbox,
  options: { title: string; scenarios: string; text?: string; agentName?: string },
): Promise<string> {
  const agents = (await raw(sandbox, '/v1/agents')).body as {
    data: { id: string; name: string; tools: { type: string }[] }[];
  };
  const agent = agents.data.find((a) =>
    options.agentName
      ? a.name === options.agentName
      : a.tools.some((t) => t.type.startsWith('agent_toolset')),
  );
  const environments = (await raw(sandbox, '/v1/environments')).body as {
    data: { id: string; archived_at: string | null }[];
  };
  const environment = environments.data.find((e) => e.archived_at === null);
  if (!agent || !environment) throw new Error('the sandbox has no agent with tools or no live environment');
  const created = await raw(sandbox, '/v1/sessions', {
    method: 'POST',
    body: {
      agent: agent.id,
      environment_id: environment.id,
      title: options.title,
      metadata: { sandbox_scenario: options.scenarios },
      ...(options.text ? { initial_events: [userMessage(options.text)] } : {}),
    },
  });
  if (created.status !== 200) throw new Error(`POST /v1/sessions: ${created.status} ${created.text}`);
  return (created.body as { id: string }).id;
}

/** The extension's Managed Agents backend (behind the seam) signed in to `sandbox`. */
export function claudeBackend(
  sandbox: Sandbox,
  apiKey = sandbox.claude.key,
  baseUrl = sandbox.claude.baseUrl,
): Backend {
  return createBackend({
    kind: 'claude',
    baseUrl,
    apiKey,
    version: 'test',
    timeoutMs: 5_000,
    proxy: {},
    logger: silentLogger,
  });
}
