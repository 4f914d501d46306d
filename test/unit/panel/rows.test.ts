// AgentOS events as timeline rows: the AgentOS presenter's summaries, icons, levels and steps, the display copy of
// a payload, and the row and output line the host builds from a numbered event.
import assert from 'node:assert/strict';
import { statusFromEvent } from '../../../src/backends/agentos/mapping';
import { groupOf, iconOf, levelOf, summarize } from '../../../src/backends/agentos/present';
import { ROW_ICONS } from '../../../src/backends/look';
import { outputLine } from '../../../src/panel/rows';
import { DISPLAY_LIMITS, displayJson, fullJson, payloadJson, prune } from '../../../src/util/payload';
import { oneLine, revealInvisible } from '../../../src/util/text';
import { agentOsRow } from './agentos-rows';

const toRow = agentOsRow;

describe('panel/rows: an AgentOS event → a row', () => {
  it('summarises the known event types in one line', () => {
    assert.equal(
      summarize('RUN_STARTED', { agent: 'Concierge', attempt_no: 2 }),
      'Run started · agent Concierge · attempt 2',
    );
    assert.equal(summarize('NODE_STARTED', { node: 'planner', step: 1 }), 'planner started (step 1)');
    assert.equal(summarize('LLM_TOKEN', { node: 'writer', token: 'Hel' }), 'writer: "Hel"');
    assert.equal(
      summarize('TOOL_CALL', { node: 'n', tool: 'search_docs', arguments: { q: 'café' } }),
      'n: search_docs({"q":"café"})',
    );
    assert.equal(
      summarize('TOOL_RESULT', {
        tool: 'search',
        ok: false,
        error: { message: 'timeout', code: 'E_TIMEOUT' },
      }),
      'search failed: timeout (E_TIMEOUT)',
    );
    assert.equal(
      summarize('TOOL_RESULT', { tool: 'search', ok: true, duration_ms: 12 }),
      'search ok in 12 ms',
    );
    assert.equal(summarize('NODE_OUTPUT', { node: 'w', output: { text: 'done' } }), 'w: done');
    assert.equal(
      summarize('HUMAN_INPUT_REQUESTED', { node: 'approve', prompt: 'Refund 42 €?' }),
      'Waiting for a human at approve: Refund 42 €?',
    );
    assert.equal(summarize('RUN_FINISHED', { output: { text: 'ok ✅' } }), 'Run finished: ok ✅');
    assert.equal(summarize('RUN_FAILED', { error: { message: 'boom', code: 'X' } }), 'Run failed: boom (X)');
    assert.equal(
      summarize('RUN_CANCELLED', { reason: 'superseded', next_attempt_no: 2 }),
      'Run cancelled: superseded (attempt 2 started)',
    );
    assert.equal(summarize('run_finished', {}), 'Run finished', 'types compare case-insensitively');
  });

  it('summarises unknown types from their text or compact JSON, never throwing', () => {
    assert.equal(summarize('CUSTOM', { message: 'hello' }), 'hello');
    assert.equal(summarize('CUSTOM', { a: 1 }), '{"a":1}');
    assert.equal(summarize('CUSTOM', 'plain'), 'plain');
    assert.equal(summarize('CUSTOM', null), '');
    assert.equal(summarize(42, [1, 2]), '[1,2]');
    assert.equal(summarize('CUSTOM', { error: 'bad' }), 'bad');
  });

  it('keeps summaries to one bounded line', () => {
    const s = summarize('NODE_OUTPUT', { output: { text: `a\nb\tc ${'x'.repeat(10_000)}` } });
    assert.ok(!s.includes('\n') && !s.includes('\t'));
    assert.ok(s.length <= 240);
    assert.ok(s.endsWith('…'));
    assert.equal(oneLine('  a \r\n b  '), 'a b');
  });

  it('makes bidi overrides and invisible characters visible', () => {
    assert.equal(revealInvisible('abc\u202Edef'), 'abc\\u202edef');
    assert.equal(revealInvisible('\u2066x\u2069\u200F\u0000'), '\\u2066x\\u2069\\u200f\\u0000');
    assert.equal(revealInvisible('café 漢 🚀'), 'café 漢 🚀');
    assert.ok(summarize('X', { text: 'evil\u202Egnp.exe' }).includes('\\u202e'));
    assert.ok(
      displayJson({ t: 'a\u202Eb' }).json.includes('\\\\u202e') ||
        displayJson({ t: 'a\u202Eb' }).json.includes('\\u202e'),
    );
  });

  it('picks icons from a fixed list and levels that make errors stand out', () => {
    for (const [type, payload] of [
      ['RUN_FAILED', {}],
      ['TOOL_RESULT', { ok: false }],
      ['SOMETHING_ERROR', {}],
      ['WHATEVER', { error: 'x' }],
      ['<img src=x onerror=alert(1)>', {}],
      ['RUN_CANCELLED', {}],
    ] as const) {
      assert.ok(ROW_ICONS.includes(iconOf(type, payload)), `${type} → ${iconOf(type, payload)}`);
    }
    assert.equal(levelOf('RUN_FAILED', {}), 'error');
    assert.equal(levelOf('TOOL_RESULT', { ok: false }), 'error');
    assert.equal(levelOf('RUN_FINISHED', {}), 'success');
    assert.equal(levelOf('RUN_CANCELLED', {}), 'warning');
    assert.equal(levelOf('HUMAN_INPUT_REQUESTED', {}), 'human');
    assert.equal(levelOf('NODE_OUTPUT', { ok: true }), 'info');
    assert.equal(iconOf('TOOL_RESULT', { ok: false }), 'error');
  });

  it('groups by node and step when the payload says so', () => {
    assert.equal(groupOf({ node: 'planner', step: 2 }), 'planner · step 2');
    assert.equal(groupOf({ node: 'planner' }), 'planner');
    assert.equal(groupOf({ step: 3 }), 'step 3');
    assert.equal(groupOf({ text: 'x' }), undefined);
    assert.equal(groupOf('planner'), undefined);
  });

  it('maps status-bearing events to run statuses', () => {
    assert.equal(statusFromEvent('RUN_STARTED'), 'running');
    assert.equal(statusFromEvent('HUMAN_INPUT_REQUESTED'), 'waiting_for_human');
    assert.equal(statusFromEvent('RUN_FINISHED'), 'completed');
    assert.equal(statusFromEvent('run_failed'), 'failed');
    assert.equal(statusFromEvent('RUN_CANCELLED'), 'cancelled');
    assert.equal(statusFromEvent('TOOL_CALL'), undefined);
    assert.equal(statusFromEvent(undefined), undefined);
  });

  it('writes output lines with time, seq, type and summary', () => {
    const row = toRow({
      seq: 7,
      type: 'TOOL_CALL',
      timestamp: '2026-01-02T03:04:05.678Z',
      payload: { tool: 't' },
    });
    const line = outputLine('run abc', row);
    assert.match(line, /^\[run abc\] \d\d:\d\d:05\.678 #7 TOOL_CALL t\(\)$/);
  });
});

describe('util/payload: pruning payloads for display', () => {
  it('leaves small payloads alone', () => {
    const payload = { a: 1, b: 'two', c: [true, null, { d: 'é' }] };
    const { json, pruned } = displayJson(payload);
    assert.equal(pruned, false);
    assert.deepEqual(JSON.parse(json), payload);
  });

  it('bounds a 10,000-deep payload without deep recursion', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const { json, pruned } = displayJson(deep);
    assert.equal(pruned, true);
    assert.ok(json.includes('deeper levels not shown'));
    assert.ok(json.length < 1_000);
    const full = fullJson({ payload: deep });
    assert.ok(full.includes('deeper levels not shown'), 'even the editor copy stays serialisable');
  });

  it('shortens a 1 MB string and long arrays, within the character budget', () => {
    const { json, pruned } = displayJson({
      big: 'x'.repeat(1_000_000),
      list: Array.from({ length: 5_000 }, (_, i) => i),
    });
    assert.equal(pruned, true);
    assert.ok(json.length <= DISPLAY_LIMITS.maxChars + 2_000, `json is ${json.length} characters`);
    assert.match(json, /more characters/);
    const items = prune(
      Array.from({ length: 500 }, (_, i) => i),
      DISPLAY_LIMITS,
    );
    assert.match(JSON.stringify(items.value), /more items/);
  });

  it('keeps every field name safe to show (long keys cut, nothing thrown on odd values)', () => {
    const { json } = displayJson({ ['k'.repeat(1_000)]: 1, n: Infinity, u: undefined });
    const parsed = JSON.parse(json) as Record<string, unknown>;
    assert.ok(Object.keys(parsed).every((k) => k.length <= 201));
    assert.equal(parsed.n, 'Infinity');
  });

  it('turns an event into a row the webview can render as text', () => {
    const row = toRow({
      seq: 3,
      type: 'NODE_OUTPUT',
      timestamp: '2026-01-01T00:00:00Z',
      payload: { node: 'w', step: 1, output: { text: '<b>hi</b>' } },
    });
    assert.equal(row.ord, 3);
    assert.equal(row.cursor, '3');
    assert.equal(row.label, '#3');
    assert.equal(row.type, 'NODE_OUTPUT');
    assert.equal(row.summary, 'w: <b>hi</b>');
    assert.equal(row.group, 'w · step 1');
    assert.equal(row.level, 'info');
    assert.equal(row.pruned, false);
    const odd = toRow({ seq: 4, type: undefined, payload: undefined });
    assert.equal(odd.type, 'UNKNOWN');
    assert.equal(odd.json, 'null');
    assert.equal(odd.ts, '');
  });
});

describe('util/payload: payloadJson takes the short cut only where pruning would change nothing', () => {
  const same = (value: unknown): void => {
    const parsed: unknown = JSON.parse(JSON.stringify(value));
    assert.deepEqual(payloadJson(parsed), displayJson(parsed), JSON.stringify(value).slice(0, 120));
  };
  const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { a: nest(depth - 1, leaf) });

  it('agrees with displayJson at the edges of every limit', () => {
    for (const depth of [0, 1, 23, 24, 25, 40]) {
      same(nest(depth, 1));
      same(nest(depth, []));
    }
    for (const n of [0, 1, 199, 200, 201, 400]) {
      same(Array.from({ length: n }, (_, i) => i % 10));
      same(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 0])));
    }
    for (const n of [199, 200, 201, 1_999, 2_000, 2_001, 5_000]) {
      same({ text: 'é'.repeat(n) });
      same({ ['k'.repeat(n)]: 1 });
    }
    same({ text: 'a\u202Eb\u0000c', nested: [{ q: '"quoted" \\ back' }] });
    same(null);
    same('just a string');
    assert.deepEqual(payloadJson(undefined), displayJson(undefined));
  });

  it('agrees with displayJson on 2,000 random payloads', () => {
    let state = 12_345;
    const random = (): number => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const pieces = ['a', 'é', '漢', '🚀', '"', '\\', '\u202E', ',', '[', '{', ' '];
    const text = (max: number): string =>
      Array.from(
        { length: Math.floor(random() * max) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
    let nodes = 0;
    const value = (depth: number): unknown => {
      const r = random();
      nodes++;
      if (depth > 30 || nodes > 1_500 || r < 0.3) {
        if (r < 0.1) return Math.floor(random() * 1e6);
        if (r < 0.15) return null;
        return text(r < 0.2 ? 400 : 20);
      }
      // Mostly small containers, now and then a long one, and chains deep enough to pass the depth limit.
      const n = random() < 0.1 ? Math.floor(random() * 260) : Math.floor(random() * 3);
      if (r < 0.6) return Array.from({ length: n }, () => value(depth + 1));
      const entries = Array.from({ length: n }, (_, i) => [
        `${text(random() < 0.05 ? 300 : 6)}${i}`,
        value(depth + 1),
      ]);
      return Object.fromEntries(entries);
    };
    for (let i = 0; i < 2_000; i++) {
      nodes = 0;
      same(value(random() < 0.3 ? 0 : 20));
    }
  });
});
