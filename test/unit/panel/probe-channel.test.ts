import assert from 'node:assert/strict';
import { ProbeChannel } from '../../../src/panel/probe-channel';
import type { ProbeOp } from '../../../src/panel/probe-types';

describe('ProbeChannel (the host side of the test probes)', () => {
  it('holds probes asked before the webview is ready, and sends them when it is', async () => {
    const sent: number[] = [];
    const channel = new ProbeChannel((id) => sent.push(id));
    const answer = channel.ask({ op: 'snapshot' } as ProbeOp, 1_000);
    assert.deepEqual(sent, [], 'a probe posted before the webview has loaded would be lost');
    channel.open();
    assert.deepEqual(sent, [1]);
    channel.answered(1, 'seen');
    assert.equal(await answer, 'seen');
    void channel.ask({ op: 'snapshot' } as ProbeOp, 1_000).catch(() => undefined);
    assert.deepEqual(sent, [1, 2], 'once open, a probe goes out at once');
    channel.dispose();
  });

  it('rejects a probe that gets no answer in time, naming it', async () => {
    const channel = new ProbeChannel(() => undefined);
    channel.open();
    await assert.rejects(
      channel.ask({ op: 'snapshot' } as ProbeOp, 20),
      /did not answer probe snapshot within 20 ms/,
    );
  });
});
