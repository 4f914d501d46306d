import assert from 'node:assert/strict';
import { decodeWatermark, Delivered, encodeWatermark } from '../../../../src/backends/claude/delivered';

const at = (id: string, time: string | null) => ({ id, processed_at: time });
const T1 = '2026-11-30T10:00:00.001Z';
const T2 = '2026-11-30T10:00:00.002Z';

describe('Managed Agents delivered set (exactly once without sequence numbers)', () => {
  it('takes each event once, in processed order; older or repeated ones are not new', () => {
    const d = new Delivered();
    assert.equal(d.take(at('a', T1)), true);
    assert.equal(d.take(at('b', T1)), true, 'a tie at the same time is new when its id is');
    assert.equal(d.take(at('a', T1)), false);
    assert.equal(d.take(at('c', T2)), true);
    assert.equal(d.take(at('b', T1)), false, 'before the watermark: delivered already');
    assert.deepEqual(d.watermark, { time: T2, count: 1 });
    assert.equal(d.since, T2);
  });

  it('never takes a queued event (processed_at null) or one without a valid time', () => {
    const d = new Delivered();
    assert.equal(d.take(at('q', null)), false);
    assert.equal(d.take(at('x', 'not a time')), false);
    assert.equal(d.watermark, undefined);
  });

  it('resumes from a cursor: the ties delivered before are skipped by position, the next tie is new', () => {
    const first = new Delivered();
    first.take(at('a', T1));
    first.take(at('b', T1));
    const cursor = encodeWatermark(first.watermark!);
    const resumed = new Delivered(decodeWatermark(cursor));
    assert.equal(resumed.take(at('a', T1)), false);
    assert.equal(resumed.take(at('b', T1)), false);
    assert.equal(resumed.take(at('c', T1)), true);
    assert.equal(resumed.take(at('d', T2)), true);
  });

  it('isNew only looks: it counts nothing, and what it calls new take() then takes', () => {
    const d = new Delivered();
    assert.equal(d.isNew(at('a', T1)), true);
    assert.equal(d.isNew(at('a', T1)), true, 'looking twice changes nothing');
    assert.equal(d.isNew(at('q', null)), false, 'a queued event is never new');
    d.take(at('a', T1));
    assert.equal(d.isNew(at('a', T1)), false);
    assert.equal(d.isNew(at('b', T1)), true, 'a new tie');
    assert.equal(d.isNew(at('z', '2026-11-30T09:59:59.999Z')), false, 'before the watermark');
    const resumed = new Delivered({ time: T1, count: 1 });
    assert.equal(
      resumed.isNew(at('a', T1)),
      true,
      'a tie known only by position may be new until the list says',
    );
    resumed.take(at('a', T1));
    assert.equal(resumed.isNew(at('a', T1)), false, 'once the list has shown it, it is known by id');
  });

  it('a cursor that is not ours means "from the start"', () => {
    for (const bad of ['', '42', '-1@2026-11-30T10:00:00Z', '1@not a time', '@2026-11-30T10:00:00Z', '{'])
      assert.equal(decodeWatermark(bad), undefined, bad);
  });
});
