// Managed Agents follow vs the bare SDK, on the same recorded stream: the sandbox's stream of a live scripted
// session is recorded once, then a replay server sends those bytes to both consumers in turn. The bare SDK is
// `new Anthropic(…).beta.sessions.events.stream()` iterated to its end; ours is `Backend.follow()` of a Claude
// connection (stream first; the list from the watermark as the record, read again while the stream has news; the
// dedupe by processed time and id, the byte watch, the mapping to timeline events).
// Run: npx tsx bench/claude.ts [--smoke]; `npm run bench` runs it too.
import Anthropic from '@anthropic-ai/sdk';
import { Worker } from 'node:worker_threads';
import { createBackend } from '../src/backends/registry';
import { silentLogger } from '../src/util/logger';
import { startSandbox } from '../sandbox/server';

const KEY = 'bench-claude-key';

interface Recording {
  sessionId: string;
  body: Buffer;
  events: number;
}

export async function record(events: number): Promise<Recording> {
  const sandbox = await startSandbox({
    port: 0,
    demo: false,
    speed: 1000,
    heartbeatMs: 60_000,
    claudeKey: KEY,
  });
  try {
    const res = await fetch(`${sandbox.claude.baseUrl}/_sandbox/claude/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events, ratePerSec: events / 2, end: 'terminated' }),
    });
    const { id } = (await res.json()) as { id: string };
    const stream = await fetch(`${sandbox.claude.baseUrl}/v1/sessions/${id}/events/stream`, {
      headers: {
        authorization: `Bearer ${KEY}`,
        'anthropic-version': '2026-10-21',
        'anthropic-beta': 'managed-agents-2026-04-01',
      },
    });
    const body = Buffer.from(await stream.arrayBuffer());
    const count = body
      .toString('utf8')
      .split('\n\n')
      .filter((frame) => frame.startsWith('event: ') && !frame.startsWith('event: ping')).length;
    return { sessionId: id, body, events: count };
  } finally {
    await sandbox.close();
  }
}

/**
 * The replay server, in a worker thread so its work is charged to neither consumer. It sends the recording for
 * the stream, and answers the list as the service would from the same events: in processed order, from
 * `created_at[gte]`, in pages of `limit` with a position cursor. (The follow reads the list as the record while
 * the stream says there is news; the bare SDK reads the stream alone.)
 */
const REPLAY_WORKER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const body = Buffer.from(workerData.body);
const frames = body.toString('utf8').split('\\n\\n');
const events = [];
for (const frame of frames) {
  const data = frame.split('\\n').find((line) => line.startsWith('data: '));
  if (!frame.startsWith('event: ') || frame.startsWith('event: ping') || !data) continue;
  const json = data.slice(6);
  events.push({ json, time: Date.parse(JSON.parse(json).processed_at) });
}
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://replay');
  if (url.pathname.endsWith('/events/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let offset = 0;
    const write = () => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + 65536);
        offset += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      res.end();
    };
    return write();
  }
  const since = url.searchParams.get('created_at[gte]');
  const limit = Number(url.searchParams.get('limit') ?? 20);
  let start = Number(url.searchParams.get('page') ?? NaN);
  if (Number.isNaN(start)) {
    const from = since === null ? -Infinity : Date.parse(since);
    start = events.findIndex((event) => event.time >= from);
    if (start < 0) start = events.length;
  }
  const page = events.slice(start, start + limit);
  const next = start + limit < events.length ? String(start + limit) : null;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"data":[' + page.map((event) => event.json).join(',') + '],"next_page":' + JSON.stringify(next) + '}');
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

export async function replay(recording: Recording): Promise<{ url: string; server: { close(): void } }> {
  const worker = new Worker(REPLAY_WORKER, { eval: true, workerData: { body: recording.body } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { url: `http://127.0.0.1:${port}`, server: { close: () => void worker.terminate() } };
}

export async function bare(url: string, sessionId: string): Promise<number> {
  const client = new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: 0, logLevel: 'off' });
  let count = 0;
  for await (const event of await client.beta.sessions.events.stream(sessionId)) if (event) count++;
  return count;
}

/** The list alone, paged to its end through the SDK: what reading the record costs without a stream. */
export async function bareList(url: string, sessionId: string): Promise<number> {
  const client = new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: 0, logLevel: 'off' });
  let count = 0;
  for await (const event of client.beta.sessions.events.list(sessionId, { order: 'asc', limit: 1000 }))
    if (event) count++;
  return count;
}

export async function ours(url: string, sessionId: string): Promise<number> {
  const backend = createBackend({
    kind: 'claude',
    baseUrl: url,
    apiKey: KEY,
    version: 'bench',
    timeoutMs: 60_000,
    proxy: {},
    logger: silentLogger,
  });
  let count = 0;
  try {
    for await (const batch of backend.follow(
      { runId: sessionId, subRunId: sessionId },
      undefined,
      { stallTimeoutMs: 60_000, maxReconnects: 0 },
      new AbortController().signal,
    )) {
      if ('events' in batch) count += batch.events.length;
      else if ('state' in batch && batch.state.type === 'failed') throw new Error(batch.state.reason);
    }
  } finally {
    backend.close();
  }
  return count;
}

async function timed(run: () => Promise<number>): Promise<{ perSecond: number; count: number }> {
  const started = process.hrtime.bigint();
  const count = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: count / seconds, count };
}

export async function claudeFollowBench(
  smoke: boolean,
  print: (name: string, value: string) => void,
): Promise<void> {
  const recording = await record(smoke ? 2_000 : 200_000);
  const { url, server } = await replay(recording);
  try {
    const rounds = smoke ? 1 : 9;
    const ratios: number[] = [];
    const bothRatios: number[] = [];
    let last = { bare: 0, ours: 0, list: 0 };
    await bare(url, recording.sessionId); // warm-up
    await ours(url, recording.sessionId);
    for (let round = 0; round < rounds; round++) {
      // Alternate who goes first, so neither always gets the warmer machine.
      const first = round % 2 === 0;
      const a = first ? await timed(() => bare(url, recording.sessionId)) : undefined;
      const b = await timed(() => ours(url, recording.sessionId));
      const c = a ?? (await timed(() => bare(url, recording.sessionId)));
      if (b.count !== recording.events || c.count !== recording.events)
        throw new Error(`counts differ: ours ${b.count}, bare ${c.count}, recorded ${recording.events}`);
      const d = await timed(() => bareList(url, recording.sessionId));
      if (d.count !== recording.events) throw new Error(`the list has ${d.count} of ${recording.events}`);
      ratios.push(b.perSecond / c.perSecond);
      // The same reads done bare, one after the other: every event parsed once from the stream, once from the list.
      bothRatios.push(b.perSecond * (1 / c.perSecond + 1 / d.perSecond));
      last = { bare: c.perSecond, ours: b.perSecond, list: d.perSecond };
    }
    ratios.sort((x, y) => x - y);
    bothRatios.sort((x, y) => x - y);
    print('claude.events', String(recording.events));
    print('claude.bare_sdk_events_per_s', last.bare.toFixed(0));
    print('claude.bare_sdk_list_events_per_s', last.list.toFixed(0));
    print('claude.follow_events_per_s', last.ours.toFixed(0));
    print('claude.follow_vs_bare_sdk', (ratios[Math.floor(ratios.length / 2)] as number).toFixed(2));
    print('claude.rounds_follow_vs_bare_sdk', ratios.map((r) => r.toFixed(2)).join(' '));
    print(
      'claude.follow_vs_bare_stream_plus_list',
      (bothRatios[Math.floor(bothRatios.length / 2)] as number).toFixed(2),
    );
  } finally {
    server.close();
  }
}

if (process.argv[1]?.endsWith('claude.ts')) {
  void claudeFollowBench(process.argv.includes('--smoke'), (name, value) =>
    process.stdout.write(`${name}: ${value}\n`),
  );
}
