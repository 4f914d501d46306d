import assert from 'node:assert/strict';
import { TypingTracker } from '../../../../src/backends/claude/typing';

const start = (id: string, type = 'agent.message') => ({ type: 'event_start', event: { id, type } });
const delta = (id: string, text: string, index = 0) => ({
  type: 'event_delta',
  event_id: id,
  delta: { type: 'content_delta', content: { type: 'text', text }, index },
});

describe('Managed Agents live typing (previews are never events)', () => {
  it('a message grows fragment by fragment and its final event closes it', () => {
    const typing = new TypingTracker();
    assert.deepEqual(typing.preview(start('m1')), { thinking: false, text: '' });
    assert.deepEqual(typing.preview(delta('m1', 'Hel')), { thinking: false, text: 'Hel' });
    assert.deepEqual(typing.preview(delta('m1', 'lo')), { thinking: false, text: 'Hello' });
    assert.equal(
      typing.delivered({ id: 'other', type: 'agent.tool_use' }),
      undefined,
      'other events change nothing',
    );
    assert.equal(typing.delivered({ id: 'm1', type: 'agent.message' }), null);
    assert.equal(typing.isTyping, false);
  });

  it('content blocks by index; thinking is an indicator with no text', () => {
    const typing = new TypingTracker();
    typing.preview(start('m1'));
    typing.preview(delta('m1', 'b', 1));
    assert.deepEqual(typing.preview(delta('m1', 'a', 0)), { thinking: false, text: 'ab' });
    assert.deepEqual(
      typing.preview(start('t1', 'agent.thinking')),
      { thinking: true, text: '' },
      'the newest shows',
    );
    assert.deepEqual(typing.delivered({ id: 't1', type: 'agent.thinking' }), { thinking: false, text: 'ab' });
  });

  it('a model request that ends without its message closes every preview', () => {
    const typing = new TypingTracker();
    typing.preview(start('m1'));
    typing.preview(delta('m1', 'half a sen'));
    assert.equal(typing.delivered({ id: 'span', type: 'span.model_request_end' }), null);
    assert.equal(
      typing.preview(delta('m1', 'tence')),
      undefined,
      'a late fragment of a closed preview is dropped',
    );
  });

  it('a preview of an event already delivered opens nothing; malformed frames are ignored', () => {
    const typing = new TypingTracker();
    typing.delivered({ id: 'm1', type: 'agent.message' });
    assert.equal(typing.preview(start('m1')), undefined);
    assert.equal(typing.preview({ type: 'event_start' }), undefined);
    assert.equal(typing.preview({ type: 'event_delta', event_id: 'nope', delta: {} }), undefined);
    typing.preview(start('m2'));
    assert.equal(
      typing.preview({ type: 'event_delta', event_id: 'm2', delta: { content: { text: 7 } } }),
      undefined,
    );
    assert.equal(typing.reset(), null);
  });
});
