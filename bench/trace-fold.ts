// The trace fold on 100,000 events, side by side with the work the webview already does for the same rows
// (unpacking the packed batches). Both backends: an AgentOS run in the sandbox's own shape (nodes, tokens, tool
// calls) and a Managed Agents session in the scripted sandbox's turn cycle. The rows are built by the real
// presenters, packed the way the host packs them; then, per round: unpack every batch, and fold every row.
// Run: npx tsx --expose-gc bench/trace-fold.ts [--smoke]; `npm run bench` runs it too.
import { agentOsPresenter } from '../src/backends/agentos/present';
import { claudePresenter } from '../src/backends/claude/present';
import type { EventPresenter } from '../src/backends/types';
import { packRows, unpackRows } from '../src/panel/row-pack';
import { toRow } from '../src/panel/rows';
import { TraceFold } from '../src/trace/fold';
import { summarize } from '../src/trace/summary';
import { createRandom } from '../sandbox/random';
import { planSteps } from '../sandbox/executor-plan';

interface Raw {
  type: string;
  payload: unknown;
}

const T0 = Date.parse('2026-12-01T10:00:00.000Z');

export function agentOsEvents(n: number): Raw[] {
  const out: Raw[] = [];
  let attempt = 0;
  while (out.length < n) {
    attempt++;
    const steps = planSteps(createRandom(attempt), 'long', {
      runId: 'run_bench',
      attemptNo: 1,
      agentName: 'bench',
      input: null,
    });
    for (const step of steps) {
      if (out.length === n) break;
      out.push({ type: step.type, payload: step.payload });
    }
  }
  return out;
}

function claudeEvents(n: number): Raw[] {
  const out: Raw[] = [];
  for (let i = 0; out.length < n; i++) {
    const id = (k: number): string => `sevt_${i}_${k}`;
    const text = [{ type: 'text', text: `Turn ${i}: looking at the repository, café 漢字 🚀` }];
    const cycle: Raw[] = [
      { type: 'user.message', payload: { id: id(0), type: 'user.message', content: text } },
      { type: 'session.status_running', payload: { id: id(1), type: 'session.status_running' } },
      { type: 'span.model_request_start', payload: { id: id(2), type: 'span.model_request_start' } },
      { type: 'agent.thinking', payload: { id: id(3), type: 'agent.thinking' } },
      { type: 'agent.message', payload: { id: id(4), type: 'agent.message', content: text } },
      {
        type: 'agent.tool_use',
        payload: { id: id(5), type: 'agent.tool_use', name: 'bash', input: { command: 'ls -la' } },
      },
      {
        type: 'span.model_request_end',
        payload: {
          id: id(6),
          type: 'span.model_request_end',
          model_request_start_id: id(2),
          model_usage: { input_tokens: 1200, output_tokens: 80, cache_read_input_tokens: 900 },
        },
      },
      {
        type: 'agent.tool_result',
        payload: {
          id: id(7),
          type: 'agent.tool_result',
          tool_use_id: id(5),
          content: [{ type: 'text', text: 'ok' }],
        },
      },
      {
        type: 'session.usage',
        payload: {
          id: id(8),
          type: 'session.usage',
          usage: {
            input_tokens: 1200 * (i + 1),
            output_tokens: 80 * (i + 1),
            list_cost: { amount: String(i + 1), currency: 'USD' },
          },
        },
      },
      {
        type: 'session.status_idle',
        payload: { id: id(9), type: 'session.status_idle', stop_reason: { type: 'end_turn' } },
      },
    ];
    out.push(...cycle.slice(0, n - out.length));
  }
  return out;
}

export function packed(events: readonly Raw[], presenter: EventPresenter): Uint8Array[] {
  const batches: Uint8Array[] = [];
  const BATCH = 5_000;
  for (let from = 0; from < events.length; from += BATCH) {
    const rows = events.slice(from, from + BATCH).map((raw, i) => {
      const ordinal = from + i + 1;
      const event = {
        id: String(ordinal),
        cursor: String(ordinal),
        label: `#${ordinal}`,
        type: raw.type,
        time: new Date(T0 + ordinal * 20).toISOString(),
        payload: raw.payload,
        terminal: false,
        raw: raw.payload,
      };
      return toRow({ ordinal, cursor: event.cursor, event }, presenter.look(raw.type, raw.payload));
    });
    batches.push(packRows(rows));
  }
  return batches;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export function traceFoldBench(smoke: boolean, print: (name: string, value: string) => void): void {
  const n = smoke ? 10_000 : 100_000;
  const rounds = smoke ? 1 : 7;
  for (const [name, events, presenter] of [
    ['agentos', agentOsEvents(n), agentOsPresenter],
    ['claude', claudeEvents(n), claudePresenter],
  ] as const) {
    const batches = packed(events, presenter);
    const unpackMs: number[] = [];
    const foldMs: number[] = [];
    let spans = 0;
    // Each part is timed on a clean heap: run with --expose-gc (bench/run.ts does), so one part's garbage is not
    // collected on the other's clock.
    const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
    for (let round = 0; round < rounds; round++) {
      gc();
      let started = performance.now();
      const rows = batches.flatMap((batch) => unpackRows(batch) ?? []);
      unpackMs.push(performance.now() - started);
      if (rows.length !== n) throw new Error(`unpacked ${rows.length} rows of ${n}`);
      gc();
      started = performance.now();
      const fold = new TraceFold();
      for (const row of rows) fold.add(row);
      summarize(fold, T0 + n * 20);
      foldMs.push(performance.now() - started);
      spans = fold.spans.length;
      if (fold.count !== n) throw new Error(`folded ${fold.count} of ${n}`);
    }
    print(`trace.${name}_events`, String(n));
    print(`trace.${name}_spans`, String(spans));
    print(`trace.${name}_fold_ms_p50`, median(foldMs).toFixed(1));
    print(`trace.${name}_unpack_ms_p50`, median(unpackMs).toFixed(1));
    print(`trace.${name}_fold_vs_unpack`, (median(foldMs) / median(unpackMs)).toFixed(2));
  }
}

if (process.argv[1]?.endsWith('trace-fold.ts')) {
  traceFoldBench(process.argv.includes('--smoke'), (name, value) =>
    process.stdout.write(`${name}: ${value}\n`),
  );
}
