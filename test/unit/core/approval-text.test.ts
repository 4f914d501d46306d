// What an approval notification says and offers, and the status bar's count: the product, the session and its
// agent, each tool use with the gist of its input, several counted, hostile or long text kept to one plain line.
import assert from 'node:assert/strict';
import {
  answerFailureText,
  approvalActions,
  approvalText,
  inputGist,
  needsApprovalText,
} from '../../../src/core/approval-text';

const bash = { id: 'tu1', tool: 'bash', input: '{"command":"rm -rf build"}' };
const pr = { id: 'tu2', tool: 'github › create_pull_request', input: '{"repo":"acme/shop","base":"main"}' };

describe('approval notifications: what they say and offer', () => {
  it('one tool use: the tool, its command, the session and its agent; Allow, Deny, Show', () => {
    assert.equal(
      approvalText({
        kind: 'claude',
        runId: 'sesn_011CZabcdefgh',
        title: 'Fix the build',
        agentName: 'Coder',
        pending: [bash],
      }),
      'Claude needs your approval: bash `rm -rf build` in session “Fix the build” (Coder).',
    );
    assert.deepEqual(approvalActions(1), { allow: 'Allow', deny: 'Deny', show: 'Show' });
  });

  it('several: how many, each tool, and buttons that say they answer all', () => {
    const text = approvalText({ kind: 'claude', runId: 'sesn_011CZabcdefgh', pending: [bash, pr] });
    assert.equal(
      text,
      'Claude needs your approval for 2 tool uses in session 011CZabc: bash `rm -rf build`; ' +
        'github › create_pull_request `{"repo":"acme/shop","base":"main"}`. Allow All and Deny All answer each.',
    );
    assert.deepEqual(approvalActions(2), { allow: 'Allow All', deny: 'Deny All', show: 'Show' });
  });

  it("an input's gist: its command or path, its only text, or compact JSON, one line and bounded", () => {
    assert.equal(inputGist('{"file_path":"CHANGELOG.md","content":"## 2.4.1\\n- x"}'), 'CHANGELOG.md');
    assert.equal(inputGist('{"note":"hello"}'), 'hello');
    assert.equal(inputGist('{}'), '');
    assert.equal(inputGist('{"a":1,"b":2}'), '{"a":1,"b":2}');
    assert.equal(
      inputGist('{"command":"echo `id`\\nrm x"}'),
      "echo 'id' rm x",
      'no backtick breaks the quote',
    );
    assert.equal(inputGist('{"command":"cut sh…'), '{"command":"cut sh…', 'a cut input is shown as it is');
    const long = inputGist(JSON.stringify({ command: 'x'.repeat(500) }));
    assert.ok(long.length <= 80 && long.endsWith('…'), long);
    assert.equal(inputGist('{"command":"a\\u202eb"}'), 'a\\u202eb', 'bidi controls are shown, not obeyed');
  });

  it('a tool use with no input names only the tool', () => {
    assert.match(
      approvalText({ kind: 'claude', runId: 'r', pending: [{ id: 'x', tool: 'deploy', input: '{}' }] }),
      /: deploy in session r\.$/,
    );
  });

  it('a failed answer names what, where and why (each reason once)', () => {
    assert.equal(
      answerFailureText(false, { runId: 'sesn_1', title: 'Nightly' }, [
        { approval: bash, error: 'session is not waiting for tool_use tu1' },
        { approval: pr, error: 'session is not waiting for tool_use tu1' },
      ]),
      'Could not deny bash, github › create_pull_request in session “Nightly”: session is not waiting for tool_use tu1',
    );
  });

  it('the status bar counts runs: 1 needs, 2 need', () => {
    assert.equal(needsApprovalText(1), '$(bell-dot) 1 needs approval');
    assert.equal(needsApprovalText(2), '$(bell-dot) 2 need approval');
  });
});
