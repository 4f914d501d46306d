// The fold from events to a trace, on hand-written facts: structure, pairing, joined text, durations, what happens
// with missing and out-of-order ends, and 2,000 random sequences in which no event is ever lost or placed twice.
import assert from 'node:assert/strict';
import { TraceFold } from '../../../src/trace/fold';
import { summarize } from '../../../src/trace/summary';
import type { Span, TraceFact, TraceInput } from '../../../src/trace/types';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();

function fold(events: Array<[ms: number, fact?: TraceFact, level?: string]>): TraceFold {
  const out = new TraceFold();
  events.forEach(([ms, trace, level], index) => {
    const input: TraceInput = { ord: index + 1, ts: at(ms), level: level ?? 'info' };
    if (trace) input.trace = trace;
    out.add(input);
  });
  return out;
}

const named = (f: TraceFold, name: string): Span => {
  const span = f.spans.find((s) => s.name === name);
  assert.ok(span, `no span named ${name}: ${f.spans.map((s) => s.name).join(', ')}`);
  return span;
};

/** Every ordinal 1..n in exactly one span. */
function assertEachOnce(f: TraceFold, n: number): void {
  const seen = new Map<number, number>();
  for (const span of f.spans) for (const ord of span.events) seen.set(ord, (seen.get(ord) ?? 0) + 1);
  for (let ord = 1; ord <= n; ord++)
    assert.equal(seen.get(ord), 1, `event ${ord} is in ${seen.get(ord) ?? 0} spans`);
  assert.equal(seen.size, n);
}

describe('trace fold', () => {
  it('a step holds its joined message and its tool call, paired with the result and its duration', () => {
    const f = fold([
      [0],
      [100, { open: { key: 'node:planner', kind: 'step', name: 'planner' } }],
      [150, { text: { key: 'node:planner', text: 'Hel' } }],
      [160, { text: { key: 'node:planner', text: 'lo' } }],
      [200, { open: { key: 'call:1', kind: 'tool', name: 'search', detail: '{"q":"x"}' } }],
      [1400, { close: { key: 'call:1', ok: true, detail: '3 hits' } }],
      [1500, { close: { key: 'node:planner', ok: true, ifOpen: true, detail: 'Hello' } }],
      [
        1600,
        {
          end: { state: 'ok' },
          usage: { tokens: { input: 10, output: 2 }, cost: { amount: 0.01, currency: 'USD' } },
        },
      ],
    ]);
    const step = named(f, 'planner');
    assert.equal(step.kind, 'step');
    assert.equal(step.state, 'ok');
    assert.equal(step.end - step.start, 1400);
    assert.equal(step.result, 'Hello');
    const [message, tool] = step.children.map((id) => f.spans[id] as Span);
    assert.equal(message?.kind, 'message');
    assert.equal(message?.text, 'Hello');
    assert.deepEqual(message?.events, [3, 4]);
    assert.equal(message?.state, 'ok', 'the message ends when the tool call starts');
    assert.equal(tool?.name, 'search');
    assert.equal(tool?.detail, '{"q":"x"}');
    assert.equal(tool?.result, '3 hits');
    assert.equal(tool?.state, 'ok');
    assert.equal(tool!.end - tool!.start, 1200);
    assert.deepEqual(tool?.events, [5, 6], 'the call and its result are one row');
    assert.equal(f.run.state, 'ok');
    const summary = summarize(f, T0 + 99_999);
    assert.equal(summary.durationMs, 1600, 'a finished run does not grow with the clock');
    assert.equal(summary.toolMs, 1200);
    assert.equal(summary.modelMs, 50, "the message streamed from 150 to 200 ms: the model's time");
    assert.deepEqual(summary.tokens, { input: 10, output: 2 });
    assert.deepEqual(summary.cost, { amount: 0.01, currency: 'USD' });
    assert.equal(summary.toolCalls, 1);
    assertEachOnce(f, 8);
  });

  it('a tool call with no result stays open and its time runs on; the running step is named', () => {
    const f = fold([
      [0, { open: { key: 'node:a', kind: 'step', name: 'a' } }],
      [100, { open: { key: 'call:1', kind: 'tool', name: 'slow' } }],
    ]);
    const tool = named(f, 'slow');
    assert.equal(tool.state, 'open');
    assert.ok(Number.isNaN(tool.end));
    const summary = summarize(f, T0 + 5_100);
    assert.equal(summary.toolMs, 5_000);
    assert.equal(summary.durationMs, 5_100);
    assert.equal(summary.running, 'a');
  });

  it('a failure closes what was open as failed; a normal end marks unanswered calls cancelled', () => {
    const failed = fold([
      [0, { open: { key: 'node:a', kind: 'step', name: 'a' } }],
      [10, { open: { key: 'call:1', kind: 'tool', name: 't' } }],
      [20, { end: { state: 'error', detail: 'boom' } }, 'error'],
    ]);
    assert.equal(named(failed, 'a').state, 'error');
    assert.equal(named(failed, 't').state, 'error');
    assert.equal(failed.run.state, 'error');
    assert.equal(failed.run.result, 'boom');
    assert.equal(failed.run.errors, 0, 'the failure event belongs to the step it cut');
    assert.equal(named(failed, 'a').errors, 1);

    const finished = fold([
      [0, { open: { key: 'call:1', kind: 'tool', name: 't' } }],
      [20, { end: { state: 'ok' } }],
    ]);
    assert.equal(named(finished, 't').state, 'cancelled');
  });

  it('a result before its call closes the call when it comes; a close of a reused key never waits', () => {
    const f = fold([
      [0, { close: { key: 'call:9', ok: false, detail: 'denied' } }],
      [5, { close: { key: 'turn', ok: true, ifOpen: true } }],
      [10, { open: { key: 'call:9', kind: 'tool', name: 'late' } }],
      [20, { open: { key: 'turn', kind: 'turn', name: 'hi', join: true } }],
    ]);
    const tool = named(f, 'late');
    assert.equal(tool.state, 'error');
    assert.equal(tool.result, 'denied');
    assert.equal(named(f, 'hi').state, 'open', 'the earlier idle did not close the later turn');
    assertEachOnce(f, 4);
  });

  it('joins a second message into the open turn, and a node started again starts a new step', () => {
    const f = fold([
      [0, { open: { key: 'turn', kind: 'turn', name: 'first', join: true } }],
      [10, { open: { key: 'turn', kind: 'turn', name: 'second', join: true } }],
      [20, { open: { key: 'node:a', kind: 'step', name: 'a1' } }],
      [30, { open: { key: 'node:a', kind: 'step', name: 'a2' } }],
    ]);
    assert.deepEqual(named(f, 'first').events, [1, 2]);
    assert.ok(!f.spans.some((s) => s.name === 'second'));
    assert.equal(named(f, 'a1').state, 'ok');
    assert.equal(named(f, 'a2').state, 'open');
    assert.equal(named(f, 'a2').parent, named(f, 'first').id, 'the step is inside the open turn');
  });

  it('sub-agents get their own lanes; waits are their own kind and count as waiting', () => {
    const f = fold([
      [0, { open: { key: 'turn', kind: 'turn', name: 'go', join: true } }],
      [10, { lane: 'researcher', open: { key: 'model:1', kind: 'model', name: 'model request' } }],
      [
        40,
        {
          lane: 'researcher',
          close: { key: 'model:1', ok: true, tokens: { input: 5, output: 7, cacheRead: 3 } },
        },
      ],
      [50, { open: { key: 'wait', kind: 'wait', name: 'waiting for approval', join: true } }],
      [550, { close: { key: 'wait', ok: true, ifOpen: true } }],
    ]);
    const lane = f.spans.find((s) => s.kind === 'lane');
    assert.equal(lane?.name, 'researcher');
    const model = named(f, 'model request');
    assert.equal(model.parent, lane?.id);
    assert.deepEqual(model.tokens, { input: 5, output: 7, cacheRead: 3 });
    const summary = summarize(f, T0 + 600);
    assert.equal(summary.modelMs, 30);
    assert.equal(summary.waitMs, 500);
    assert.deepEqual(summary.tokens, { input: 5, output: 7, cacheRead: 3 });
  });

  it("a close by id finds its span in another lane (a sub-agent's tool use denied on the session's stream); a reused key never does", () => {
    const f = fold([
      [0, { open: { key: 'turn', kind: 'turn', name: 'go', join: true } }],
      [10, { lane: 'scout', open: { key: 'tool:7', kind: 'tool', name: 'bash' } }],
      [20, { lane: 'scout', open: { key: 'wait', kind: 'wait', name: 'its own wait', join: true } }],
      [30, { open: { key: 'wait', kind: 'wait', name: 'waiting for approval', join: true } }],
      [40, { close: { key: 'tool:7', ok: false, detail: 'denied: not now' } }],
      [50, { close: { key: 'wait', ok: true, ifOpen: true } }],
    ]);
    const tool = named(f, 'bash');
    assert.equal(tool.state, 'error');
    assert.equal(tool.result, 'denied: not now');
    assert.deepEqual(tool.events, [2, 5], 'the denial sits with the call it closed');
    assert.equal(named(f, 'waiting for approval').state, 'ok');
    assert.equal(named(f, 'its own wait').state, 'open', "the main lane's wait closed only its own");
    assertEachOnce(f, 6);
  });

  it('overlapping tool calls count their time once', () => {
    const f = fold([
      [0, { open: { key: 'a', kind: 'tool', name: 'a' } }],
      [100, { open: { key: 'b', kind: 'tool', name: 'b' } }],
      [300, { close: { key: 'a', ok: true } }],
      [400, { close: { key: 'b', ok: true } }],
    ]);
    assert.equal(summarize(f, T0 + 400).toolMs, 400);
  });

  it('unusable times take the latest usable one; nothing is NaN once a time is known', () => {
    const f = new TraceFold();
    f.add({
      ord: 1,
      ts: 'not a time',
      level: 'info',
      trace: { open: { key: 'x', kind: 'tool', name: 'x' } },
    });
    f.add({ ord: 2, ts: at(100), level: 'info' });
    f.add({ ord: 3, ts: '', level: 'info', trace: { close: { key: 'x', ok: true } } });
    const x = named(f, 'x');
    assert.equal(x.end, T0 + 100);
    assert.equal(x.start, T0 + 100);
    assert.equal(summarize(f, T0 + 100).durationMs, 0);
  });

  it('2,000 random sequences of facts never throw and place every event in exactly one span', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const keys = ['a', 'b', 'c', 'turn', 'wait', 'node:x', 'call:1', 'call:2'];
    const kinds = ['step', 'turn', 'model', 'tool', 'wait'] as const;
    const lanes = [undefined, undefined, 'sub'];
    for (let round = 0; round < 2_000; round++) {
      const n = 1 + Math.floor(random() * 60);
      const f = new TraceFold();
      for (let ord = 1; ord <= n; ord++) {
        const fact: TraceFact = {};
        const lane = pick(lanes);
        if (lane) fact.lane = lane;
        const roll = random();
        if (roll < 0.25)
          fact.open = { key: pick(keys), kind: pick(kinds), name: `s${ord}`, join: random() < 0.3 };
        else if (roll < 0.5) fact.close = { key: pick(keys), ok: random() < 0.7, ifOpen: random() < 0.5 };
        else if (roll < 0.7) fact.text = { key: pick(keys), text: 'w', final: random() < 0.2 };
        else if (roll < 0.73) fact.end = { state: pick(['ok', 'error', 'cancelled'] as const) };
        else if (roll < 0.76) fact.laneDone = { lane: 'sub', detail: 'done elsewhere' };
        if (random() < 0.1) fact.close = { key: pick(keys), ok: true };
        const ts = random() < 0.1 ? 'garbage' : at(Math.floor(random() * 10_000));
        f.add({ ord, ts, level: random() < 0.1 ? 'error' : 'info', trace: roll < 0.8 ? fact : undefined });
      }
      assertEachOnce(f, n);
      for (const span of f.spans) {
        if (span.parent >= 0) assert.ok((f.spans[span.parent] as Span).children.includes(span.id));
        if (span.state !== 'open')
          assert.ok(!(span.end < span.start), `span ${span.id} ends before it starts`);
      }
      const summary = summarize(f, T0 + 20_000);
      for (const value of [summary.durationMs, summary.modelMs, summary.toolMs, summary.waitMs])
        assert.ok(Number.isFinite(value) && value >= 0, JSON.stringify(summary));
    }
  });
});

describe('trace times', () => {
  it('reads ISO times by hand exactly as Date.parse does, and hands anything else to it', async () => {
    const { isoTime } = await import('../../../src/trace/fold');
    const samples = [
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:00:00Z',
      '2026-02-28T23:59:59.999Z',
      '2026-12-01T10:00:00.123456Z',
      '1999-01-01T00:00:00.5Z',
      '2026-12-01T10:00:00.000+02:00',
      '2026-13-01T10:00:00.000Z',
      '2026-02-30T10:00:00.000Z',
      '2026-12-01T24:00:00.000Z',
      '0001-01-01T00:00:00.000Z',
      '2026-12-01T1x:00:00.000Z',
      'garbage',
      '',
    ];
    for (let i = 0; i < 2_000; i++) samples.push(new Date(Math.floor(Math.random() * 4e12)).toISOString());
    for (const ts of samples) assert.deepEqual(isoTime(ts), Date.parse(ts), ts);
  });
});
