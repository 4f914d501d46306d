import assert from 'node:assert/strict';
import { Ledger } from '../../../sandbox/ledger';
import { scriptedGenerator } from '../../../sandbox/scripted';

describe('sandbox: ledger (pure)', () => {
  it('numbers appended events from 1 without gaps and finds any seq directly', () => {
    const ledger = new Ledger('att-1');
    for (let index = 0; index < 5; index++) ledger.append('NODE_OUTPUT', { index });
    assert.equal(ledger.length, 5);
    assert.deepEqual(
      ledger.range(0, 100).map((event) => event.seq),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(ledger.get(3)?.payload, { index: 2 });
    assert.equal(ledger.get(0), undefined);
    assert.equal(ledger.get(6), undefined);
    assert.deepEqual(
      ledger.range(3, 1).map((event) => event.seq),
      [4],
    );
  });

  it('accepts nothing after a terminal event', () => {
    const ledger = new Ledger('att-2');
    ledger.append('RUN_STARTED', {});
    ledger.append('run_finished', {}); // terminal types compare case-insensitively
    assert.equal(ledger.finished, true);
    assert.throws(() => ledger.append('NODE_OUTPUT', {}));
  });

  it('generates a lazy prefix on demand and continues numbering with appends', () => {
    const generator = scriptedGenerator({
      events: 1_000_000,
      ratePerSec: 0,
      payloadBytes: 0,
      terminal: 'none',
      startedAt: 0,
    });
    const ledger = new Ledger('att-3', generator);
    ledger.extend(1_000_000);
    assert.equal(ledger.get(999_999)?.seq, 999_999);
    assert.equal(ledger.get(1)?.type, 'RUN_STARTED');
    ledger.append('RUN_CANCELLED', { reason: 'test' });
    assert.equal(ledger.get(1_000_001)?.type, 'RUN_CANCELLED');
    assert.equal(ledger.finished, true);
  });

  it('tells listeners which seqs became visible', () => {
    const ledger = new Ledger(
      'att-4',
      scriptedGenerator({
        events: 10,
        ratePerSec: 0,
        payloadBytes: 0,
        terminal: 'RUN_FINISHED',
        startedAt: 0,
      }),
    );
    const seen: [number, number][] = [];
    const off = ledger.onAppend((from, to) => seen.push([from, to]));
    ledger.extend(4);
    ledger.extend(6);
    off();
    assert.deepEqual(seen, [
      [1, 4],
      [5, 10],
    ]);
    assert.equal(ledger.finished, true);
  });
});
