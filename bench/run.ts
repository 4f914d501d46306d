// Benchmarks: `npm run bench` (full) or `npm run bench -- --smoke` (tiny sizes, a few seconds, for CI).
// Prints `name: value` lines. See docs/performance.md for what each figure means and the latest results.
import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  recordStream,
  repoRoot,
  scriptedRun,
  startReplayProcess,
  startSandboxProcess,
  type SandboxProc,
} from './sandbox-proc';
import { claudeFollowBench } from './claude';
import { claudeResumeBench } from './claude-resume';
import { searchBench } from './search';
import { traceFoldBench } from './trace-fold';
import {
  eventsourcePkgEventsPerSecond,
  followBatchesEventsPerSecond,
  followEventsPerSecond,
  median,
  rawEventsPerSecond,
  seamEventsPerSecond,
  resumeSamples,
  type Rate,
  type Target,
} from './stream';

const smoke = process.argv.includes('--smoke');
const sizes = smoke
  ? {
      events: 5_000,
      rounds: 1,
      directRounds: 1,
      rssEvents: 20_000,
      rssWarmup: 5_000,
      rssRuns: 1,
      drops: 5,
      dropEvery: 50,
    }
  : {
      events: 200_000,
      rounds: 7,
      directRounds: 3,
      rssEvents: 1_000_000,
      rssWarmup: 200_000,
      rssRuns: 3,
      drops: 50,
      dropEvery: 200,
    };

const print = (name: string, value: string | number): void => {
  process.stdout.write(`${name}: ${value}\n`);
};
const fmt = (n: number, digits = 2): string => n.toFixed(digits);

type Measure = (t: Target) => Promise<Rate>;
type Consumer = 'raw' | 'follow' | 'batches' | 'seam' | 'eventsource';

interface SideBySide {
  rate: Record<Consumer, Rate>;
  vsRaw: Rate;
  vsEs: Rate;
  batchesVsRaw: Rate;
  batchesVsEs: Rate;
  seamVsRaw: Rate;
  seamVsEs: Rate;
  rounds: { vsRaw: number; vsEs: number }[];
}

/**
 * Side by side: each round runs the consumers on the same stream, in a rotating order (so none always goes
 * first), after one warm-up pass each. Ratios are medians of the per-round ratios.
 */
async function sideBySide(t: Target, rounds: number, warmup: boolean): Promise<SideBySide> {
  const consumers: [Consumer, Measure][] = [
    ['raw', rawEventsPerSecond],
    ['follow', followEventsPerSecond],
    ['batches', followBatchesEventsPerSecond],
    ['seam', seamEventsPerSecond],
    ['eventsource', eventsourcePkgEventsPerSecond],
  ];
  if (warmup) for (const [, measure] of consumers) await measure(t);
  const got: Record<string, Rate>[] = [];
  for (let round = 0; round < rounds; round++) {
    const r: Record<string, Rate> = {};
    for (let i = 0; i < consumers.length; i++) {
      const [name, measure] = consumers[(i + round) % consumers.length] as [string, Measure];
      r[name] = await measure(t);
    }
    got.push(r);
  }
  const med = (f: (r: Record<string, Rate>) => number): number => median(got.map(f));
  const rateOf = (name: string): Rate => ({
    wall: med((r) => (r[name] as Rate).wall),
    cpu: med((r) => (r[name] as Rate).cpu),
  });
  const ratio = (a: string, b: string, k: keyof Rate) => (r: Record<string, Rate>) =>
    (r[a] as Rate)[k] / (r[b] as Rate)[k];
  return {
    rate: {
      raw: rateOf('raw'),
      follow: rateOf('follow'),
      batches: rateOf('batches'),
      seam: rateOf('seam'),
      eventsource: rateOf('eventsource'),
    },
    vsRaw: { wall: med(ratio('follow', 'raw', 'wall')), cpu: med(ratio('follow', 'raw', 'cpu')) },
    batchesVsRaw: { wall: med(ratio('batches', 'raw', 'wall')), cpu: med(ratio('batches', 'raw', 'cpu')) },
    batchesVsEs: {
      wall: med(ratio('batches', 'eventsource', 'wall')),
      cpu: med(ratio('batches', 'eventsource', 'cpu')),
    },
    seamVsRaw: { wall: med(ratio('seam', 'raw', 'wall')), cpu: med(ratio('seam', 'raw', 'cpu')) },
    seamVsEs: {
      wall: med(ratio('seam', 'eventsource', 'wall')),
      cpu: med(ratio('seam', 'eventsource', 'cpu')),
    },
    vsEs: {
      wall: med(ratio('follow', 'eventsource', 'wall')),
      cpu: med(ratio('follow', 'eventsource', 'cpu')),
    },
    rounds: got.map((r) => ({
      vsRaw: ratio('follow', 'raw', 'wall')(r),
      vsEs: ratio('follow', 'eventsource', 'wall')(r),
    })),
  };
}

interface RssResult {
  growthMbPer1M: number;
  heapGrowthMb: number;
  peakMb: number;
}

/** Runs the RSS child `runs` times (RSS is noisy: allocator pages come and go) and keeps the median. */
async function rssGrowth(
  sb: SandboxProc,
  events: number,
  warmup: number,
  runs: number,
): Promise<RssResult[]> {
  const results: RssResult[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        'bench/rss-child.ts',
        sb.url,
        sb.key,
        String(events),
        String(warmup),
      ],
      { cwd: repoRoot, maxBuffer: 1 << 20 },
    );
    results.push(JSON.parse(stdout.trim().split('\n').pop() as string) as RssResult);
  }
  return results;
}

async function main(): Promise<void> {
  const started = Date.now();
  print('bench.mode', smoke ? 'smoke' : 'full');
  print('bench.node', process.version);
  print('bench.cpus', `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown'}`);

  const sb = await startSandboxProcess();
  const dir = mkdtempSync(join(tmpdir(), 'agentos-bench-'));
  let replay: SandboxProc | undefined;
  try {
    // Throughput: one finished attempt, recorded once from the sandbox and replayed byte for byte by a child process,
    // so the figures measure the consumers rather than the sandbox's event generation.
    const { runId, attemptId } = await scriptedRun(sb, sizes.events);
    const file = join(dir, 'stream.sse');
    writeFileSync(file, await recordStream(sb, runId, attemptId));
    replay = await startReplayProcess(file, sb.key);
    const t: Target = { url: replay.url, key: sb.key, runId, attemptId, events: sizes.events };
    const s = await sideBySide(t, sizes.rounds, !smoke);
    print('stream.events', sizes.events);
    print('stream.raw_events_per_s', Math.round(s.rate.raw.wall));
    print('stream.follow_events_per_s', Math.round(s.rate.follow.wall));
    print('stream.eventsource_pkg_events_per_s', Math.round(s.rate.eventsource.wall));
    print('stream.follow_vs_raw', fmt(s.vsRaw.wall));
    print('stream.follow_vs_eventsource_pkg', fmt(s.vsEs.wall));
    print('stream.rounds_follow_vs_raw', s.rounds.map((r) => fmt(r.vsRaw)).join(' '));
    print('stream.rounds_follow_vs_eventsource_pkg', s.rounds.map((r) => fmt(r.vsEs)).join(' '));
    // The same, per second of this process's CPU time: what each consumer costs, whatever else the machine runs.
    print('stream.cpu.raw_events_per_cpu_s', Math.round(s.rate.raw.cpu));
    print('stream.cpu.follow_events_per_cpu_s', Math.round(s.rate.follow.cpu));
    print('stream.cpu.eventsource_pkg_events_per_cpu_s', Math.round(s.rate.eventsource.cpu));
    print('stream.cpu.follow_vs_raw', fmt(s.vsRaw.cpu));
    print('stream.cpu.follow_vs_eventsource_pkg', fmt(s.vsEs.cpu));
    // followBatches (one array per chunk instead of one promise per item), same stream, same rounds.
    print('stream.follow_batches_vs_raw', fmt(s.batchesVsRaw.wall));
    print('stream.follow_batches_vs_eventsource_pkg', fmt(s.batchesVsEs.wall));
    print('stream.cpu.follow_batches_vs_raw', fmt(s.batchesVsRaw.cpu));
    print('stream.cpu.follow_batches_vs_eventsource_pkg', fmt(s.batchesVsEs.cpu));
    // The seam (Backend.follow, events mapped to neutral TimelineEvents): what the Follow Run panel consumes.
    print('stream.seam_events_per_s', Math.round(s.rate.seam.wall));
    print('stream.seam_vs_raw', fmt(s.seamVsRaw.wall));
    print('stream.seam_vs_eventsource_pkg', fmt(s.seamVsEs.wall));
    print('stream.cpu.seam_vs_raw', fmt(s.seamVsRaw.cpu));
    print('stream.cpu.seam_vs_eventsource_pkg', fmt(s.seamVsEs.cpu));
    await replay.stop();
    replay = undefined;

    // The same comparison straight from the sandbox (its generation is then the bottleneck on 2 cores).
    const d = await sideBySide({ ...t, url: sb.url }, sizes.directRounds, false);
    print('stream.direct_sandbox.follow_vs_raw', fmt(d.vsRaw.wall));
    print('stream.direct_sandbox.follow_vs_eventsource_pkg', fmt(d.vsEs.wall));

    const rss = await rssGrowth(sb, sizes.rssEvents, sizes.rssWarmup, sizes.rssRuns);
    print('stream.rss_growth_mb_per_1m_events', fmt(median(rss.map((r) => r.growthMbPer1M)), 1));
    print('stream.rss_growth_runs_mb_per_1m', rss.map((r) => fmt(r.growthMbPer1M, 1)).join(' '));
    print('stream.heap_growth_mb', fmt(median(rss.map((r) => r.heapGrowthMb)), 2));
    print('stream.rss_peak_mb', fmt(Math.max(...rss.map((r) => r.peakMb)), 1));

    const samples = await resumeSamples(sb, sizes.drops, sizes.dropEvery);
    print('stream.resume_ms_p50', fmt(median(samples), 1));
    print('stream.resume_ms_max', fmt(Math.max(...samples), 1));
    print('stream.resume_samples', samples.length);
  } finally {
    await replay?.stop();
    await sb.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  // Managed Agents: our follow vs the bare SDK on the same recorded stream.
  await claudeFollowBench(smoke, (name, value) => print(name, value));
  // Managed Agents: resume after a drop vs the bare SDK's stream open and list at the same moments.
  await claudeResumeBench(smoke, (name, value) => print(name, value));
  // The trace: folding 100,000 events vs unpacking the same rows.
  traceFoldBench(smoke, (name, value) => print(name, value));
  searchBench(smoke, (name, value) => print(name, value));
  print('bench.seconds', fmt((Date.now() - started) / 1000, 1));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
