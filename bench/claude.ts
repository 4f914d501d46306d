// Managed Agents follow vs the bare SDK, on the same recorded stream: the sandbox's stream of a live scripted
// session is recorded once, then a replay server sends those bytes to both consumers in turn. The bare SDK is
// `new Anthropic(…).beta.sessions.events.stream()` iterated to its end; ours is `Backend.follow()` of a Claude
// connection (stream first, the list from the watermark — empty here, as for a session followed from its start —
// the dedupe by processed time and id, the byte watch, the mapping to timeline events).
// Run: npx tsx bench/claude.ts [--smoke]; `npm run bench` runs it too.
import Anthropic from '@anthropic-ai/sdk';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** Sends the recording for the stream, and an empty page for the list. */
export async function replay(recording: Recording): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url?.includes('/events/stream')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let offset = 0;
      const write = (): void => {
        while (offset < recording.body.length) {
          const chunk = recording.body.subarray(offset, offset + 65_536);
          offset += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      write();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: [], next_page: null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export async function bare(url: string, sessionId: string): Promise<number> {
  const client = new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: 0, logLevel: 'off' });
  let count = 0;
  for await (const event of await client.beta.sessions.events.stream(sessionId)) if (event) count++;
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
      else if (batch.state.type === 'failed') throw new Error(batch.state.reason);
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
    let last = { bare: 0, ours: 0 };
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
      ratios.push(b.perSecond / c.perSecond);
      last = { bare: c.perSecond, ours: b.perSecond };
    }
    ratios.sort((x, y) => x - y);
    print('claude.events', String(recording.events));
    print('claude.bare_sdk_events_per_s', last.bare.toFixed(0));
    print('claude.follow_events_per_s', last.ours.toFixed(0));
    print('claude.follow_vs_bare_sdk', (ratios[Math.floor(ratios.length / 2)] as number).toFixed(2));
    print('claude.rounds_follow_vs_bare_sdk', ratios.map((r) => r.toFixed(2)).join(' '));
  } finally {
    server.close();
  }
}

if (process.argv[1]?.endsWith('claude.ts')) {
  void claudeFollowBench(process.argv.includes('--smoke'), (name, value) =>
    process.stdout.write(`${name}: ${value}\n`),
  );
}
