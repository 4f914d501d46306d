// Child process (run with --expose-gc): follows one attempt of warm-up + N events from the sandbox and reports how
// much the resident set grew over the N events: from the end of the warm-up (GC'd) to the end (GC'd).
// Usage: node --expose-gc --import tsx bench/rss-child.ts <sandboxUrl> <key> <events> [warmupEvents]
import { AgentOsClient } from '../src/backends/agentos/client';
import { follow } from '../src/backends/agentos/follow';
import { scriptedRun } from './sandbox-proc';

async function main(): Promise<void> {
  const [url, key, eventsArg, warmupArg] = process.argv.slice(2);
  if (!url || !key || !eventsArg) throw new Error('usage: rss-child.ts <url> <key> <events>');
  const measured = Number(eventsArg);
  const warmup = Number(warmupArg ?? Math.min(200_000, Math.floor(measured / 5)));
  const events = warmup + measured;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const { runId, attemptId } = await scriptedRun({ url, key }, events);
  const client = new AgentOsClient({ baseUrl: url, apiKey: key, version: 'bench' });
  let count = 0;
  let baseRss = 0;
  let baseHeap = 0;
  let baseExternal = 0;
  let peakRss = 0;
  for await (const item of follow(client, runId, attemptId, { stallTimeoutMs: 60_000 })) {
    if (item.kind !== 'event') continue;
    count++;
    if (count === warmup) {
      gc();
      const m = process.memoryUsage();
      baseRss = m.rss;
      baseHeap = m.heapUsed;
      baseExternal = m.external;
    } else if (count % 50_000 === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  }
  await client.close();
  gc();
  const endMem = process.memoryUsage();
  const endRss = endMem.rss;
  if (count !== events) throw new Error(`got ${count} of ${events} events`);
  const growthMb = (endRss - baseRss) / (1024 * 1024);
  process.stdout.write(
    `${JSON.stringify({
      events: measured,
      warmup,
      baseMb: baseRss / 1048576,
      endMb: endRss / 1048576,
      peakMb: Math.max(peakRss, endRss) / 1048576,
      growthMbPer1M: (growthMb * 1_000_000) / measured,
      heapGrowthMb: (endMem.heapUsed - baseHeap) / 1048576,
      externalGrowthMb: (endMem.external - baseExternal) / 1048576,
    })}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
