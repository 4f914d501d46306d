// The stream-core measurements. Each consumer does the same work per event: decode, parse SSE, JSON.parse the data.
import { createParser } from 'eventsource-parser';
import { EventSource } from 'eventsource';
import { Agent, request } from 'undici';
import { AgentOsClient } from '../src/backends/agentos/client';
import { follow, followBatches } from '../src/backends/agentos/follow';
import { createBackend } from '../src/backends/registry';
import { silentLogger } from '../src/util/logger';
import { adminCall } from './sandbox-proc';

/** Events per second of wall-clock time, and per second of this process's CPU time (robust on a busy machine). */
export interface Rate {
  wall: number;
  cpu: number;
}

function timer(): () => { seconds: number; cpuSeconds: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return () => {
    const c = process.cpuUsage(c0);
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
  };
}

export interface Target {
  url: string;
  key: string;
  runId: string;
  attemptId: string;
  events: number;
}

function streamUrl(t: Target): string {
  return `${t.url}/v1/api/runs/${t.runId}/events/stream?attemptId=${t.attemptId}&afterSeq=0`;
}

/** Bare undici + eventsource-parser: the floor nothing can beat. Returns events/s. */
export async function rawEventsPerSecond(t: Target): Promise<Rate> {
  const dispatcher = new Agent();
  const stop = timer();
  let count = 0;
  let lastSeq = 0;
  const parser = createParser({
    onEvent: (m) => {
      const e = JSON.parse(m.data) as { seq: number };
      lastSeq = e.seq;
      count++;
    },
  });
  const decoder = new TextDecoder();
  const res = await request(streamUrl(t), {
    headers: { authorization: `Bearer ${t.key}`, accept: 'text/event-stream' },
    dispatcher,
  });
  for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  const { seconds, cpuSeconds } = stop();
  await dispatcher.close();
  if (count !== t.events || lastSeq !== t.events) throw new Error(`raw: got ${count} events`);
  return { wall: count / seconds, cpu: count / cpuSeconds };
}

/** Our follow(): the same stream, with seq checks, stall timer, states. Returns events/s. */
export async function followEventsPerSecond(t: Target): Promise<Rate> {
  const client = new AgentOsClient({ baseUrl: t.url, apiKey: t.key, version: 'bench' });
  const stop = timer();
  let count = 0;
  for await (const item of follow(client, t.runId, t.attemptId, { stallTimeoutMs: 60_000 })) {
    if (item.kind === 'event') count++;
    else if (item.state.type === 'failed') throw new Error(item.state.reason);
  }
  const { seconds, cpuSeconds } = stop();
  await client.close();
  if (count !== t.events) throw new Error(`follow: got ${count} events`);
  return { wall: count / seconds, cpu: count / cpuSeconds };
}

/** followBatches(): the same core, one array per network chunk (what a UI posting batches would use). */
export async function followBatchesEventsPerSecond(t: Target): Promise<Rate> {
  const client = new AgentOsClient({ baseUrl: t.url, apiKey: t.key, version: 'bench' });
  const stop = timer();
  let count = 0;
  for await (const batch of followBatches(client, t.runId, t.attemptId, { stallTimeoutMs: 60_000 })) {
    for (const item of batch) {
      if (item.kind === 'event') count++;
      else if (item.state.type === 'failed') throw new Error(item.state.reason);
    }
  }
  const { seconds, cpuSeconds } = stop();
  await client.close();
  if (count !== t.events) throw new Error(`followBatches: got ${count} events`);
  return { wall: count / seconds, cpu: count / cpuSeconds };
}

/**
 * The seam: `Backend.follow()` as the Follow Run panel consumes it (followBatches, then each event mapped to a neutral
 * TimelineEvent with its cursor, label and implied status). Returns events/s.
 */
export async function seamEventsPerSecond(t: Target): Promise<Rate> {
  const backend = createBackend({
    kind: 'agentos',
    baseUrl: t.url,
    apiKey: t.key,
    version: 'bench',
    timeoutMs: 60_000,
    proxy: {},
    logger: silentLogger,
  });
  const stop = timer();
  let count = 0;
  const ref = { runId: t.runId, subRunId: t.attemptId };
  const options = { stallTimeoutMs: 60_000, maxReconnects: 10 };
  for await (const batch of backend.follow(ref, undefined, options, new AbortController().signal)) {
    if ('events' in batch) count += batch.events.length;
    else if ('state' in batch && batch.state.type === 'failed') throw new Error(batch.state.reason);
  }
  const { seconds, cpuSeconds } = stop();
  backend.close();
  if (count !== t.events) throw new Error(`seam: got ${count} events`);
  return { wall: count / seconds, cpu: count / cpuSeconds };
}

/** The `eventsource` npm package (WHATWG EventSource over fetch). Returns events/s. */
export async function eventsourcePkgEventsPerSecond(t: Target): Promise<Rate> {
  const stop = timer();
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    const es = new EventSource(streamUrl(t), {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...(init?.headers ?? {}), authorization: `Bearer ${t.key}` } }),
    });
    es.addEventListener('run_event', (m) => {
      const e = JSON.parse(m.data) as { seq: number };
      count++;
      if (e.seq === t.events) {
        es.close();
        resolve();
      }
    });
    es.onerror = (err) => {
      es.close();
      reject(new Error(`eventsource: ${String((err as { message?: string }).message ?? 'error')}`));
    };
  });
  const { seconds, cpuSeconds } = stop();
  if (count !== t.events) throw new Error(`eventsource: got ${count} events`);
  return { wall: count / seconds, cpu: count / cpuSeconds };
}

/**
 * Resume latency: the stream is dropped after every `dropEvery` frames (`drops` times); with base backoff 0, the time
 * from the last event before a drop to the first event after it. Returns all samples (ms).
 */
export async function resumeSamples(
  sb: { url: string; key: string },
  drops: number,
  dropEvery: number,
): Promise<number[]> {
  const events = (drops + 2) * dropEvery;
  const run = await adminCall<{ id: string; current_attempt_id: string }>(sb, 'POST', '/_sandbox/runs', {
    events,
  });
  await adminCall(sb, 'POST', '/_sandbox/faults', {
    fault: `drop:${dropEvery}`,
    times: drops,
    match: 'stream',
  });
  const client = new AgentOsClient({ baseUrl: sb.url, apiKey: sb.key, version: 'bench' });
  const samples: number[] = [];
  let lastEventAt = 0;
  let dropped = false;
  let count = 0;
  for await (const item of follow(client, run.id, run.current_attempt_id, {
    baseDelayMs: 0,
    stallTimeoutMs: 30_000,
  })) {
    if (item.kind === 'event') {
      count++;
      const now = performance.now();
      if (dropped) {
        samples.push(now - lastEventAt);
        dropped = false;
      }
      lastEventAt = now;
    } else if (item.state.type === 'reconnecting') {
      dropped = true;
    } else if (item.state.type === 'failed') {
      throw new Error(item.state.reason);
    }
  }
  await client.close();
  if (count !== events) throw new Error(`resume: got ${count} of ${events} events`);
  return samples;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
