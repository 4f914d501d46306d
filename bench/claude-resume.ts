// Managed Agents resume after a drop: how long from the follow noticing a cut stream to the next event handed out
// (no backoff, so this is the reconnect itself: a new stream, the list from the watermark), side by side with the
// bare SDK doing the least any resume needs at the same moments — open a stream and list from the same time.
// Run: npx tsx bench/claude-resume.ts [--smoke]; `npm run bench` runs it too.
import Anthropic from '@anthropic-ai/sdk';
import { followSession } from '../src/backends/claude/follow';
import { createSdk } from '../src/backends/claude/sdk-entry';
import { sdkEventSource } from '../src/backends/claude/source';
import { Transport } from '../src/backends/claude/transport';
import { startSandbox } from '../sandbox/server';

const KEY = 'bench-claude-resume-key';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function claudeResumeBench(
  smoke: boolean,
  print: (name: string, value: string) => void,
): Promise<void> {
  const drops = smoke ? 3 : 25;
  const sandbox = await startSandbox({ port: 0, demo: false, speed: 1, heartbeatMs: 1_000, claudeKey: KEY });
  const admin = (path: string, body: unknown): Promise<Response> =>
    fetch(`${sandbox.claude.baseUrl}/_sandbox/claude${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const transport = new Transport({}, new URL(sandbox.claude.baseUrl).host);
  try {
    // A long live session, 200 events a second; every stream the follow opens is cut after 100 frames.
    const created = await admin('/sessions', { events: 10_000_000, ratePerSec: 200, end: 'running' });
    const { id } = (await created.json()) as { id: string };
    // Our streams only (the bare SDK's are not cut): the fault rides on each of our stream requests.
    const cutting = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.includes('/events/stream')) return transport.fetch(input, init);
      const headers = new Headers(init?.headers);
      headers.set('x-sandbox-fault', 'drop:100');
      return transport.fetch(input, { ...init, headers });
    };
    const sdk = createSdk({
      apiKey: KEY,
      baseURL: sandbox.claude.baseUrl,
      timeoutMs: 10_000,
      userAgent: 'bench',
      fetch: cutting,
    });
    const bare = new Anthropic({
      apiKey: KEY,
      baseURL: sandbox.claude.baseUrl,
      maxRetries: 0,
      logLevel: 'off',
    });
    const ours: number[] = [];
    const baseline: number[] = [];
    let cutAt: number | undefined;
    let lastTime = '';
    const stop = new AbortController();
    for await (const out of followSession(sdkEventSource(sdk, transport, { sessionId: id }), {
      signal: stop.signal,
      stallTimeoutMs: 10_000,
      maxReconnects: drops + 5,
      baseDelayMs: 0,
      maxDelayMs: 0,
      isFinal: () => false,
    })) {
      if (out.kind === 'state' && out.state.type === 'reconnecting') cutAt = performance.now();
      if (out.kind !== 'events') continue;
      lastTime = out.events.at(-1)?.event.processed_at ?? lastTime;
      if (cutAt === undefined) continue;
      ours.push(performance.now() - cutAt);
      cutAt = undefined;
      // The bare SDK at the same moment: a stream opened and the list read from the same watermark.
      const started = performance.now();
      const stream = await bare.beta.sessions.events.stream(id);
      await bare.beta.sessions.events.list(id, { 'created_at[gte]': lastTime, limit: 1000 });
      baseline.push(performance.now() - started);
      stream.controller.abort();
      if (ours.length >= drops) stop.abort();
    }
    print('claude.resume_ms_p50', median(ours).toFixed(1));
    print('claude.resume_ms_max', Math.max(...ours).toFixed(1));
    print('claude.resume_bare_connect_and_list_ms_p50', median(baseline).toFixed(1));
    print('claude.resume_vs_bare_connect_and_list', (median(ours) / median(baseline)).toFixed(2));
    print('claude.resume_samples', String(ours.length));
  } finally {
    transport.close();
    await sandbox.close();
  }
}

if (process.argv[1]?.endsWith('claude-resume.ts')) {
  void claudeResumeBench(process.argv.includes('--smoke'), (name, value) =>
    process.stdout.write(`${name}: ${value}\n`),
  );
}
