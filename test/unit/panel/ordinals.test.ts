import assert from 'node:assert/strict';
import { Ordinals, tailOrdinals } from '../../../src/panel/ordinals';

describe('panel/ordinals: the host numbers events, the webview keeps only numbers', () => {
  it('numbers 1, 2, 3… in delivery order, keeping each event cursor', () => {
    const o = new Ordinals();
    const numbered = ['a', 'b', 'c'].map((cursor) => o.number({ cursor }));
    assert.deepEqual(
      numbered.map((n) => [n.ordinal, n.cursor]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
    );
    assert.deepEqual(o.last, { ordinal: 3, cursor: 'c' });
  });

  it('for AgentOS the number equals the seq (its cursor), also after a resume', () => {
    const o = new Ordinals();
    for (let seq = 1; seq <= 50; seq++) assert.equal(o.number({ cursor: String(seq) }).ordinal, seq);
    // A reloaded webview holds 1..30: numbering goes on after 30, from the cursor of 30.
    o.resetTo(30, '30');
    assert.deepEqual(o.last, { ordinal: 30, cursor: '30' });
    for (let seq = 31; seq <= 40; seq++) assert.equal(o.number({ cursor: String(seq) }).ordinal, seq);
  });

  it('a backend without sequence numbers (opaque cursors) gets the same numbering', () => {
    const o = new Ordinals(2, 'sevt_b');
    assert.deepEqual(
      ['sevt_c', 'sevt_d'].map((cursor) => o.number({ cursor }).ordinal),
      [3, 4],
    );
  });

  it('a preview of the latest events ends at the total, so the replay numbers them the same', () => {
    assert.deepEqual(tailOrdinals(12_000, 200), { from: 11_801, to: 12_000 });
    assert.deepEqual(tailOrdinals(150, 200), { from: 1, to: 150 });
    assert.deepEqual(tailOrdinals(0, 200), { from: 1, to: 0 });
  });
});
