import assert from 'node:assert/strict';
import { ROW_ICONS } from '../../../../src/backends/look';
import { money } from '../../../../src/backends/claude/mapping';
import { claudePresenter } from '../../../../src/backends/claude/present';

const look = (type: string, payload: Record<string, unknown>) =>
  claudePresenter.look(type, { type, ...payload });

describe('Managed Agents events in the timeline: one line each, an icon, a level', () => {
  it('messages show their text; thinking shows as an indicator', () => {
    const message = look('agent.message', { content: [{ type: 'text', text: 'Hello\nthere' }] });
    assert.equal(message.summary, 'Hello there');
    assert.equal(message.line, 'Hello …', 'the output channel says its first line');
    assert.equal(message.icon, 'comment');
    assert.equal(look('user.message', { content: [{ type: 'text', text: 'hi' }] }).level, 'human');
    assert.equal(look('agent.thinking', {}).summary, 'Thinking…');
  });

  it('tools: name and input, approval needed, the MCP server, errors stand out', () => {
    const ask = look('agent.tool_use', {
      name: 'bash',
      input: { command: 'ls' },
      evaluated_permission: 'ask',
    });
    assert.match(ask.summary, /^bash \{"command":"ls"\} · needs approval$/);
    assert.equal(ask.level, 'human');
    assert.match(
      look('agent.mcp_tool_use', { name: 'search', mcp_server_name: 'docs', input: {} }).summary,
      /^docs › search/,
    );
    const failed = look('agent.tool_result', { is_error: true, content: [{ type: 'text', text: 'boom' }] });
    assert.equal(failed.summary, 'error: boom');
    assert.equal(
      look('agent.tool_result', { content: [{ type: 'text', text: 'fine' }] }).summary,
      'ok: fine',
    );
    assert.equal(look('agent.tool_result', {}).summary, 'ok');
    assert.equal(failed.level, 'error');
    assert.equal(failed.icon, 'error');
  });

  it('state, errors with their retry status, usage so far', () => {
    assert.equal(
      look('session.status_idle', { stop_reason: { type: 'requires_action', event_ids: ['e'] } }).level,
      'human',
    );
    assert.equal(
      look('session.status_idle', { stop_reason: { type: 'end_turn' } }).summary,
      'idle (end_turn)',
    );
    assert.equal(
      look('session.status_idle', { stop_reason: { type: 'requires_action', event_ids: ['a', 'b'] } })
        .summary,
      'idle (requires_action: 2 tool uses wait)',
    );
    assert.equal(
      look('session.status_running', {}).summary,
      'running',
      'a state in words, not its type again',
    );
    const error = look('session.error', {
      error: { type: 'model_overloaded_error', message: 'busy', retry_status: { type: 'retrying' } },
    });
    assert.equal(error.summary, 'model_overloaded_error: busy (retrying)');
    assert.equal(error.level, 'error');
    // list_cost is in the currency's minor units: "42" is 42 cents.
    const usage = look('session.usage', {
      usage: { input_tokens: 10, output_tokens: 5, list_cost: { amount: '42', currency: 'USD' } },
    });
    assert.equal(usage.summary, '10 in · 5 out · $0.42 so far');
  });

  it('an unknown type shows its type, keeps a known icon, never throws; hostile text stays text', () => {
    const unknown = look('workflow_run.something_new', { weird: [1, 2] });
    assert.equal(unknown.summary, 'workflow_run.something_new');
    assert.ok(ROW_ICONS.includes(unknown.icon));
    assert.doesNotThrow(() => claudePresenter.look('agent.message', null));
    assert.doesNotThrow(() => claudePresenter.look('agent.message', 'text'));
    const hostile = look('agent.message', {
      content: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }],
    });
    assert.equal(
      hostile.summary,
      '<img src=x onerror=alert(1)>',
      'the summary is text; the webview sets it as text',
    );
  });

  it('every icon it gives is one the webview accepts', () => {
    for (const type of ['user.message', 'agent.tool_use', 'session.deleted', 'span.model_request_end', 'x.y'])
      assert.ok(ROW_ICONS.includes(look(type, {}).icon), type);
  });

  it('reads the service\'s money in minor units: "2500" is $25.00', () => {
    assert.deepEqual(money({ amount: '2500', currency: 'USD' }), { amount: 25, currency: 'USD' });
    assert.deepEqual(money({ amount: '50', currency: 'USD' }), { amount: 0.5, currency: 'USD' });
    assert.equal(money({ amount: 'lots', currency: 'USD' }), undefined);
    assert.equal(money(null), undefined);
  });
});
