import assert from 'node:assert/strict';
import { toTimelineEvent } from '../../../src/backends/claude/mapping';
import { usageText } from '../../../src/util/usage';

const after = { time: '2026-12-01T00:00:00.000Z', count: 1 };

describe('usage in the header', () => {
  it('tokens in and out, short, and the cost', () => {
    assert.equal(usageText({}), '');
    assert.equal(usageText({ tokens: { input: 950, output: 12_400 } }), '950 in · 12k out');
    assert.equal(
      usageText({ tokens: { input: 1_234, output: 2_500_000 }, cost: { amount: 0.16, currency: 'USD' } }),
      '1.2k in · 2.5M out · $0.16',
    );
  });

  it('Managed Agents: session.usage reports the usage so far; an idle says why', () => {
    const usage = toTimelineEvent(
      {
        id: 'u',
        type: 'session.usage',
        processed_at: after.time,
        usage: { input_tokens: 1_500, output_tokens: 300, list_cost: { amount: '16', currency: 'USD' } },
      },
      after,
    );
    assert.deepEqual(usage.usage, {
      tokens: { input: 1_500, output: 300 },
      cost: { amount: 0.16, currency: 'USD' },
    });
    const idle = toTimelineEvent(
      {
        id: 'i',
        type: 'session.status_idle',
        processed_at: after.time,
        stop_reason: { type: 'requires_action', event_ids: ['t'] },
      },
      after,
    );
    assert.deepEqual(idle.status, { state: 'waiting', status: 'idle', why: 'waiting for approval' });
    const odd = toTimelineEvent(
      { id: 'o', type: 'session.status_idle', processed_at: after.time, stop_reason: { type: 'new_reason' } },
      after,
    );
    assert.equal(odd.status?.why, 'new reason', 'an unknown reason is said as it is');
  });
});
