// What the trace view and the Markdown copy make of a fold: the visible rows (expansion, detail rows, search that
// keeps ancestors), a span's subtree of events, the words of a row and of the summary, and the Markdown.
import assert from 'node:assert/strict';
import { TraceFold } from '../../../src/trace/fold';
import { visibleRows } from '../../../src/trace/flatten';
import { MARKDOWN_MAX, traceMarkdown } from '../../../src/trace/markdown';
import { summarize } from '../../../src/trace/summary';
import { spanDetail, summaryParts } from '../../../src/trace/text';
import { durationText } from '../../../src/util/text';
import type { Span, TraceFact } from '../../../src/trace/types';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();

function fold(events: Array<[ms: number, fact?: TraceFact, level?: string]>): TraceFold {
  const out = new TraceFold();
  events.forEach(([ms, trace, level], index) => {
    out.add({ ord: index + 1, ts: at(ms), level: level ?? 'info', ...(trace ? { trace } : {}) });
  });
  return out;
}

/** Two steps: a message and a tool under the first, a failed tool under the second, then the end. */
function sample(): TraceFold {
  return fold([
    [0],
    [100, { open: { key: 'node:plan', kind: 'step', name: 'plan' } }],
    [150, { text: { key: 'node:plan', text: 'Thinking about ' } }],
    [160, { text: { key: 'node:plan', text: 'the weather' } }],
    [200, { open: { key: 'call:1', kind: 'tool', name: 'search', detail: '{"q":"rain"}' } }],
    [1400, { close: { key: 'call:1', ok: true, detail: '3 hits' } }],
    [1500, { close: { key: 'node:plan', ok: true, ifOpen: true } }],
    [1600, { open: { key: 'node:act', kind: 'step', name: 'act' } }],
    [1700, { open: { key: 'call:2', kind: 'tool', name: 'fetch', detail: 'https://x' } }],
    [2000, { close: { key: 'call:2', ok: false, detail: 'timeout' } }, 'error'],
    [2100, { end: { state: 'ok' }, usage: { tokens: { input: 1200, output: 300 } } }],
  ]);
}

const names = (rows: { span: Span; level: number; detail: boolean }[]): string[] =>
  rows.map((r) => `${'  '.repeat(r.level - 1)}${r.detail ? '[detail]' : r.span.name}`);

describe('trace view: visible rows', () => {
  it('shows steps open and tools closed; expanding a tool adds its detail row, collapsing a step hides it', () => {
    const f = sample();
    assert.deepEqual(names(visibleRows(f.spans, new Map())), [
      'plan',
      '  message',
      '  search',
      'act',
      '  fetch',
    ]);
    const search = f.spans.find((s) => s.name === 'search') as Span;
    const plan = f.spans.find((s) => s.name === 'plan') as Span;
    const rows = visibleRows(
      f.spans,
      new Map([
        [search.id, true],
        [plan.id, true],
      ]),
    );
    assert.deepEqual(names(rows), ['plan', '  message', '  search', '    [detail]', 'act', '  fetch']);
    assert.equal(rows[2]?.expanded, true);
    assert.deepEqual(names(visibleRows(f.spans, new Map([[plan.id, false]]))), ['plan', 'act', '  fetch']);
  });

  it('a search keeps the matching spans and their ancestors, open', () => {
    const f = sample();
    const act = f.spans.find((s) => s.name === 'act') as Span;
    // "timeout" is the failed tool's result: its step shows though the user had closed it.
    assert.deepEqual(names(visibleRows(f.spans, new Map([[act.id, false]]), 'TIMEOUT')), ['act', '  fetch']);
    assert.deepEqual(names(visibleRows(f.spans, new Map(), 'weather')), ['plan', '  message']);
    assert.deepEqual(names(visibleRows(f.spans, new Map(), 'nothing like it')), []);
  });

  it("a span's events are its own and its descendants', in order", () => {
    const f = sample();
    const plan = f.spans.find((s) => s.name === 'plan') as Span;
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    assert.deepEqual(
      all.filter((ord) => f.within(ord, plan.id)),
      [2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(
      all.filter((ord) => f.within(ord, 0)),
      all,
    );
    assert.equal(f.within(12, 0), false, 'an event not folded yet belongs nowhere');
  });

  it('a deep tree flattens without recursion', () => {
    const events: Array<[number, TraceFact]> = [];
    for (let i = 0; i < 20_000; i++)
      events.push([i, { open: { key: `s${i}`, kind: 'step', name: `s${i}` } }]);
    const rows = visibleRows(fold(events).spans, new Map());
    assert.equal(rows.length, 20_000);
    assert.equal(rows[19_999]?.level, 20_000);
  });
});

describe('trace view: words', () => {
  it('durations, a tool row, a message tail and the summary line', () => {
    assert.equal(durationText(340), '340 ms');
    assert.equal(durationText(1_200), '1.2 s');
    assert.equal(durationText(125_000), '2 min 5 s');
    const f = sample();
    const search = f.spans.find((s) => s.name === 'search') as Span;
    assert.equal(spanDetail(search), '{"q":"rain"} → 3 hits');
    const message = f.spans.find((s) => s.kind === 'message') as Span;
    assert.equal(spanDetail(message), 'Thinking about the weather');
    const parts = summaryParts(summarize(f, T0 + 5_000));
    assert.deepEqual(parts, [
      '2.1 s',
      'model 50 ms',
      'tools 1.5 s',
      'waiting 0 ms',
      '1.2k in · 300 out',
      '2 tool calls (1 failed)',
      '1 error',
    ]);
  });
});

describe('trace view: Markdown', () => {
  it('has the heading, the summary, the steps with durations and the tool calls with their results', () => {
    const f = sample();
    const md = traceMarkdown(f, summarize(f, T0 + 5_000), 'Weather agent', T0 + 5_000);
    assert.equal(
      md,
      [
        '# Weather agent',
        '',
        '2.1 s · model 50 ms · tools 1.5 s · waiting 0 ms · 1.2k in · 300 out · 2 tool calls (1 failed) · 1 error',
        '',
        '- **plan** · 1.4 s',
        '  - message · 50 ms: “Thinking about the weather”',
        '  - search({"q":"rain"}) → ok · 1.2 s: 3 hits',
        '- **act** · 500 ms',
        '  - fetch({"q":"rain"}) → error · 300 ms: timeout · 1 error',
        '',
      ]
        .join('\n')
        .replace('fetch({"q":"rain"})', 'fetch(https://x)'),
    );
  });

  it('makes Markdown in the data literal, and cuts a huge trace with a note', () => {
    const events: Array<[number, TraceFact]> = [
      [0, { open: { key: 'call:x', kind: 'tool', name: 'sh', detail: '`rm -rf` <b>*bold*</b>' } }],
    ];
    const small = fold(events);
    const md = traceMarkdown(small, summarize(small, T0), 'T', T0);
    assert.match(md, /sh\(\\`rm -rf\\` \\<b\\>\\\*bold\\\*\\<\/b\\>\) → running/);
    const many: Array<[number, TraceFact]> = [];
    const long = 'x'.repeat(190);
    for (let i = 0; i < 8_000; i++)
      many.push([i, { open: { key: `c${i}`, kind: 'tool', name: 'tool', detail: long } }]);
    const big = fold(many);
    const cut = traceMarkdown(big, summarize(big, T0), 'Big', T0);
    assert.ok(cut.length <= MARKDOWN_MAX + 200, `cut at about 1 MB (${cut.length})`);
    assert.match(cut, /longer than 1 MB/);
  });
});
