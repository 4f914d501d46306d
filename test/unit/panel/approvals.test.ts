import assert from 'node:assert/strict';
import { Approvals } from '../../../src/panel/approvals';
import { parseWebviewMessage } from '../../../src/panel/protocol';

describe('approval cards, from the events alone', () => {
  it('a tool use that asks becomes a card when the idle names it, and settles with its answer', () => {
    const a = new Approvals();
    assert.equal(
      a.take({ kind: 'asks', id: 'tu1', tool: 'bash', input: '{"command":"rm -rf build"}' }),
      false,
    );
    assert.equal(a.take({ kind: 'asks', id: 'tu2', tool: 'github › create_pr', input: '{}' }), false);
    assert.equal(a.take({ kind: 'awaits', ids: ['tu1', 'tu2'] }), true);
    assert.deepEqual(
      a.cards().map((c) => [c.id, c.tool, c.state]),
      [
        ['tu1', 'bash', 'pending'],
        ['tu2', 'github › create_pr', 'pending'],
      ],
    );
    a.sending('tu1');
    assert.equal(a.cards()[0]?.state, 'sending');
    assert.equal(a.take({ kind: 'answered', id: 'tu1', allowed: true }), true);
    a.sending('tu2');
    a.failed('tu2');
    assert.equal(a.cards()[1]?.state, 'pending', 'a failed send asks again');
    a.take({ kind: 'answered', id: 'tu2', allowed: false });
    assert.deepEqual(
      a.cards().map((c) => c.state),
      ['allowed', 'denied'],
    );
    assert.equal(a.take({ kind: 'resumed' }), false, 'both were answered: the cards stay, saying so');
    assert.deepEqual(
      a.cards().map((c) => c.state),
      ['allowed', 'denied'],
    );
    a.take({ kind: 'asks', id: 'tu3', tool: 'bash', input: '' });
    a.take({ kind: 'awaits', ids: ['tu3'] });
    assert.deepEqual(
      a.cards().map((c) => c.id),
      ['tu3'],
      'the next wait replaces them',
    );
    assert.equal(a.take({ kind: 'resumed' }), true);
    assert.deepEqual(a.cards(), [], 'the run went on without an answer: nothing waits');
  });

  it('an idle that waits for something already answered shows no card for it', () => {
    const a = new Approvals();
    a.take({ kind: 'asks', id: 'tu1', tool: 'bash', input: '' });
    a.take({ kind: 'answered', id: 'tu1', allowed: true });
    a.take({ kind: 'awaits', ids: ['tu1', 'tu9'] });
    assert.deepEqual(
      a.cards().map((c) => [c.id, c.tool]),
      [['tu9', 'a tool']],
    );
  });

  it('the panel accepts steering messages only in their exact shape', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'sendMessage', text: 'hi' }), {
      type: 'sendMessage',
      text: 'hi',
    });
    assert.equal(parseWebviewMessage({ type: 'sendMessage', text: '  ' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'sendMessage', text: 'x'.repeat(100_001) }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'interrupt', extra: 1 }), { type: 'interrupt' });
    assert.deepEqual(
      parseWebviewMessage({ type: 'answerApproval', id: 'sevt_1', allow: false, reason: 'no' }),
      {
        type: 'answerApproval',
        id: 'sevt_1',
        allow: false,
        reason: 'no',
      },
    );
    assert.equal(parseWebviewMessage({ type: 'answerApproval', id: 'sevt_1', allow: 'yes' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'answerApproval', id: '../x y', allow: true }), undefined);
  });
});
