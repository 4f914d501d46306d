import assert from 'node:assert/strict';
import type { RowDto } from '../../../src/panel/protocol';
import { packRows, unpackRows } from '../../../src/panel/row-pack';
import { agentOsRow as toRow } from './agentos-rows';

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** Each row's fields as read, and as the saved state writes them (JSON): what a row is, whatever holds it. */
const read = (rows: readonly RowDto[] | undefined): unknown =>
  rows?.map((row) => JSON.parse(JSON.stringify(row)));

describe('panel/row-pack: rows cross to the webview as one byte array', () => {
  const rows: RowDto[] = [
    toRow({
      seq: 7,
      type: 'NODE_STARTED',
      timestamp: '2026-11-21T10:00:00.000Z',
      payload: { node: 'plan', step: 1 },
    }),
    toRow({
      seq: 8,
      type: 'LLM_TOKEN',
      timestamp: '2026-11-21T10:00:00.010Z',
      payload: { token: '漢字 🚀 "q"' },
    }),
    toRow({
      seq: 9,
      type: 'TOOL_RESULT',
      timestamp: 'not a time',
      payload: { error: { message: '<b>x</b>' } },
    }),
    toRow({ seq: 10, type: 'NODE_OUTPUT', timestamp: '', payload: { text: 'x'.repeat(5_000) } }),
  ];

  it('unpacks exactly the rows that were packed (groups, pruned flags, any text)', () => {
    assert.ok(rows[3]?.pruned, 'the long payload is pruned for display');
    assert.equal(rows[1]?.group, undefined);
    assert.deepEqual(read(unpackRows(packRows(rows))), read(rows));
  });

  it('keeps numbers that do not follow one another, and an empty batch', () => {
    const gappy = [rows[0], rows[2]] as RowDto[];
    assert.deepEqual(read(unpackRows(packRows(gappy))), read(gappy));
    assert.deepEqual(unpackRows(packRows([])), []);
  });

  it('sends each type, icon, level and group once per batch', () => {
    const many = Array.from({ length: 1_000 }, (_, i) =>
      toRow({
        seq: i + 1,
        type: 'LLM_TOKEN',
        timestamp: '2026-11-21T10:00:00.000Z',
        payload: { node: 'n', token: 't' },
      }),
    );
    const packed = packRows(many);
    const asObjects = new TextEncoder().encode(JSON.stringify(many));
    assert.ok(
      packed.byteLength < asObjects.byteLength * 0.7,
      `${packed.byteLength} vs ${asObjects.byteLength}`,
    );
    assert.deepEqual(read(unpackRows(packed)), read(many));
  });

  it('sends no cursors or labels when they are the numbers themselves (AgentOS), and keeps opaque ones', () => {
    const plain = JSON.parse(new TextDecoder().decode(packRows(rows))) as Record<string, unknown>;
    assert.equal(plain.cursors, undefined);
    assert.equal(plain.labels, undefined);
    const opaque = rows.map((row, i) => ({
      ...row,
      ord: i + 1,
      cursor: `sevt_${'x'.repeat(i)}|2026-11-21`,
      label: '',
    }));
    assert.deepEqual(read(unpackRows(packRows(opaque))), read(opaque));
    const unpacked = unpackRows(packRows([rows[0] as RowDto, ...opaque.slice(1, 2)]));
    assert.deepEqual(
      unpacked?.map((row) => [row.ord, row.cursor, row.label]),
      [
        [7, '7', '#7'],
        [2, `sevt_x|2026-11-21`, ''],
      ],
      'the number’s own cursor and label, made when read; opaque ones as sent',
    );
    const bad = JSON.parse(new TextDecoder().decode(packRows(opaque))) as Record<string, unknown[]>;
    assert.equal(unpackRows(encode({ ...bad, cursors: [1, 2, 3, 4] })), undefined);
    assert.equal(unpackRows(encode({ ...bad, labels: ['only one'] })), undefined);
  });

  it('refuses malformed bytes whole instead of half-reading them', () => {
    const good = JSON.parse(new TextDecoder().decode(packRows(rows))) as Record<string, unknown[]>;
    assert.equal(unpackRows(new TextEncoder().encode('{"from":1')), undefined);
    assert.equal(unpackRows(encode(null)), undefined);
    assert.equal(unpackRows(JSON.stringify(rows)), undefined, 'only bytes are read');
    assert.equal(unpackRows(encode({ ...good, summary: ['only one'] })), undefined);
    assert.equal(unpackRows(encode({ ...good, type: [99, 0, 0, 0] })), undefined);
    assert.equal(unpackRows(encode({ ...good, json: [1, 2, 3, 4] })), undefined);
    assert.equal(unpackRows(encode({ ...good, from: 'seven' })), undefined);
  });
});
