import assert from 'node:assert/strict';
import { backoffDelay, sleep } from '../../../src/util/backoff';

describe('backoff', () => {
  it('grows exponentially and is capped (random = just under 1)', () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 };
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 50].map((a) => backoffDelay(a, opts)),
      [99, 199, 399, 799, 999, 999, 999],
    );
  });

  it('uses full jitter: anywhere from 0 up to the exponential bound', () => {
    assert.equal(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0 }), 0);
    assert.equal(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5 }), 400);
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let a = 0; a < 20; a++) {
      const d = backoffDelay(a, { baseDelayMs: 50, maxDelayMs: 5000, random: rnd });
      assert.ok(d >= 0 && d <= Math.min(5000, 50 * 2 ** a), `attempt ${a}: ${d}`);
    }
  });

  it('is zero with a zero base (tests, resume benchmark)', () => {
    assert.equal(backoffDelay(7, { baseDelayMs: 0, maxDelayMs: 1000 }), 0);
  });

  it('sleep rejects at once when aborted', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const p = sleep(10_000, ac.signal);
    setTimeout(() => ac.abort(new Error('stop')), 10);
    await assert.rejects(p, /stop/);
    assert.ok(Date.now() - started < 1000);
  });
});
