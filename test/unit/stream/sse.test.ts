import assert from 'node:assert/strict';
import { parseSseChunks, SseDecoder, type SseFrame } from '../../../src/stream/sse';

const enc = new TextEncoder();

/** Every way of cutting `bytes` into two pieces, plus one byte at a time. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.slice(0, i), bytes.slice(i)]);
  out.push([...bytes].map((b) => Uint8Array.of(b)));
  return out;
}

function frames(chunks: Iterable<Uint8Array | string>): SseFrame[] {
  return parseSseChunks(chunks).frames.map((f) => ({ event: f.event, id: f.id, data: f.data }));
}

const STREAM_LF =
  'event: run_event\nid: 1\ndata: {"seq":1,"text":"é漢🚀"}\n\n' +
  ': ping\n\n' +
  'event: run_event\nid: 2\ndata: line one\ndata: line two\n\n' +
  'retry: 2500\n\n' +
  'data: plain message\n\n';

const EXPECTED: SseFrame[] = [
  { event: 'run_event', id: '1', data: '{"seq":1,"text":"é漢🚀"}' },
  { event: 'run_event', id: '2', data: 'line one\nline two' },
  { event: undefined, id: undefined, data: 'plain message' },
];

describe('SSE pipeline (bytes → frames)', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    it(`parses ${name} line endings at every chunk boundary`, () => {
      const bytes = enc.encode(STREAM_LF.replace(/\n/g, eol));
      for (const chunks of splits(bytes)) {
        assert.deepEqual(frames(chunks), EXPECTED, `split at ${chunks[0]?.length}`);
      }
    });
  }

  it('handles mixed line endings in one stream', () => {
    const text = 'id: 1\r\ndata: a\r\n\r\nid: 2\rdata: b\r\rid: 3\ndata: c\n\n';
    for (const chunks of splits(enc.encode(text))) {
      assert.deepEqual(
        frames(chunks).map((f) => [f.id, f.data]),
        [
          ['1', 'a'],
          ['2', 'b'],
          ['3', 'c'],
        ],
      );
    }
  });

  it('keeps split multi-byte UTF-8 characters intact', () => {
    const text = 'data: {"t":"é漢🚀 naïve ✓"}\n\n';
    const bytes = enc.encode(text);
    for (const chunks of splits(bytes)) {
      assert.equal(frames(chunks)[0]?.data, '{"t":"é漢🚀 naïve ✓"}');
    }
  });

  it('reports comments (heartbeats) and retry:', () => {
    const r = parseSseChunks([enc.encode(': ping\n\n:another\n\nretry: 1234\n\ndata: x\n\n')]);
    assert.deepEqual(r.comments, ['ping', 'another']);
    assert.deepEqual(r.retries, [1234]);
    assert.equal(r.frames.length, 1);
  });

  it('drops a UTF-8 BOM at the start, also when split across chunks', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('data: first\n\n')]);
    for (const chunks of splits(bytes)) {
      assert.deepEqual(
        frames(chunks).map((f) => f.data),
        ['first'],
      );
    }
    assert.deepEqual(
      frames(['\ufeffdata: s\n\n']).map((f) => f.data),
      ['s'],
    );
  });

  it('does not emit a frame that never completed, and resets cleanly for a new connection', () => {
    const got: string[] = [];
    const d = new SseDecoder({ onFrame: (f) => got.push(f.data) });
    d.push(enc.encode('data: complete\n\ndata: half'));
    d.end();
    d.push(enc.encode('data: next connection\n\n'));
    assert.deepEqual(got, ['complete', 'next connection']);
  });

  it('reports an unknown field as a parse error without breaking the stream', () => {
    const r = parseSseChunks([enc.encode('bogus: 1\ndata: ok\n\n')]);
    assert.equal(r.frames.length, 1);
    assert.equal(r.errors.length, 1);
  });

  it('parses a 1 MB data line split in 1 000 chunks', () => {
    const big = 'x'.repeat(1_000_000);
    const bytes = enc.encode(`event: run_event\ndata: ${big}\n\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
    const f = frames(chunks);
    assert.equal(f.length, 1);
    assert.equal(f[0]?.data.length, 1_000_000);
  });

  it('tells whether the bytes so far stop inside a frame (a cut) or on a boundary', () => {
    const d = new SseDecoder({ onFrame: () => undefined });
    assert.equal(d.midFrame, false, 'nothing received yet');
    d.push(enc.encode('event: run_event\ndata: {"seq":1}\n\n'));
    assert.equal(d.midFrame, false);
    d.push(enc.encode('event: run_event\ndata: {"se'));
    assert.equal(d.midFrame, true);
    d.push(enc.encode('q":2}\r\n'));
    assert.equal(d.midFrame, true, 'one line ending is not the end of a frame');
    d.push(enc.encode('\r\n: ping\n\n'));
    assert.equal(d.midFrame, false, 'a heartbeat ends on a boundary too');
    d.reset();
    assert.equal(d.midFrame, false);
  });
});
