import assert from 'node:assert/strict';
import { Pairs } from '../../../../src/backends/claude/pairs';
import { ThreadNames } from '../../../../src/backends/claude/thread-names';
import { claudePresenter } from '../../../../src/backends/claude/present';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, 0, ms)).toISOString();

describe('Managed Agents pairs: a result with its tool use, a model request end with its start', () => {
  it('a tool result names its tool and how long it took; the presenter says so', () => {
    const pairs = new Pairs();
    assert.equal(
      pairs.take({ id: 't1', type: 'agent.tool_use', name: 'bash', processed_at: at(100) }),
      undefined,
    );
    const pair = pairs.take({
      id: 'r1',
      type: 'agent.tool_result',
      tool_use_id: 't1',
      processed_at: at(1_340),
    });
    assert.deepEqual(pair, { startId: 't1', tool: 'bash', durationMs: 1_240 });
    const look = claudePresenter.look('agent.tool_result', { is_error: true, content: 'boom' }, { pair });
    assert.equal(look.summary, 'bash → error · 1.2 s: boom');
    assert.equal(look.level, 'error');
    assert.equal(pairs.take({ id: 'r2', type: 'agent.tool_result', tool_use_id: 't1' }), undefined, 'once');
  });

  it('MCP tools and model requests pair by their own ids; an unknown start pairs with nothing', () => {
    const pairs = new Pairs();
    pairs.take({ id: 'm1', type: 'agent.mcp_tool_use', name: 'search', processed_at: at(0) });
    pairs.take({ id: 's1', type: 'span.model_request_start', processed_at: at(10) });
    assert.equal(
      pairs.take({ id: 'x', type: 'agent.mcp_tool_result', mcp_tool_use_id: 'm1', processed_at: at(50) })
        ?.tool,
      'search',
    );
    const end = pairs.take({
      id: 'e',
      type: 'span.model_request_end',
      model_request_start_id: 's1',
      processed_at: at(810),
    });
    assert.deepEqual(end, { startId: 's1', durationMs: 800 });
    assert.match(
      claudePresenter.look('span.model_request_end', { model_usage: {} }, { pair: end }).summary,
      /done · 800 ms/,
    );
    assert.equal(
      pairs.take({ id: 'z', type: 'agent.tool_result', tool_use_id: 'before-a-resume' }),
      undefined,
    );
    assert.equal(claudePresenter.look('agent.tool_result', { content: 'fine' }).summary, 'ok: fine');
  });

  it('remembers a bounded number of open starts', () => {
    const pairs = new Pairs();
    for (let i = 0; i < 2_500; i++) pairs.take({ id: `t${i}`, type: 'agent.tool_use', processed_at: at(i) });
    assert.equal(
      pairs.take({ id: 'r', type: 'agent.tool_result', tool_use_id: 't0', processed_at: at(1) }),
      undefined,
    );
    assert.ok(
      pairs.take({ id: 'r', type: 'agent.tool_result', tool_use_id: 't2499', processed_at: at(2_600) }),
    );
  });
});

describe('Managed Agents thread names: events of a sub-agent thread say its agent', () => {
  it('learns a thread from session.thread_created or a message sent to it; the look groups by that name', () => {
    const names = new ThreadNames();
    assert.equal(
      names.nameFor({ type: 'agent.message', session_thread_id: 'th1' }),
      undefined,
      'not known yet',
    );
    assert.equal(
      names.nameFor({ type: 'session.thread_created', session_thread_id: 'th1', agent_name: 'Researcher' }),
      'Researcher',
    );
    assert.equal(names.nameFor({ type: 'agent.tool_use', session_thread_id: 'th1' }), 'Researcher');
    assert.equal(
      names.nameFor({
        type: 'agent.thread_message_sent',
        to_session_thread_id: 'th2',
        to_agent_name: 'Critic',
      }),
      'Critic',
    );
    assert.equal(
      names.nameFor({ type: 'agent.thread_message_received', from_session_thread_id: 'th2' }),
      'Critic',
    );
    assert.equal(
      claudePresenter.look('agent.message', { session_thread_id: 'th1' }, { threadName: 'Researcher' }).group,
      'Researcher',
    );
    assert.equal(claudePresenter.look('agent.message', { session_thread_id: 'th9' }).group, 'thread th9');
  });
});
