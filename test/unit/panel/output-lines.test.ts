import assert from 'node:assert/strict';
import { tokenOf } from '../../../src/backends/agentos/present';
import type { WireEvent } from '../../../src/backends/claude/follow';
import { toTimelineEvent } from '../../../src/backends/claude/mapping';
import { claudePresenter } from '../../../src/backends/claude/present';
import { OutputLines } from '../../../src/panel/output-lines';
import { toRow } from '../../../src/panel/rows';
import { agentOsRow, lookOf } from './agentos-rows';

const at = (ms: number): string => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, ms)).toISOString();

/** A joiner whose idle timer the test fires by hand. */
function joiner() {
  const lines: string[] = [];
  let pending: (() => void) | undefined;
  const out = new OutputLines('run abc', {
    write: (line) => lines.push(line),
    setTimer: (fn) => {
      pending = fn;
      return 1;
    },
    clearTimer: () => {
      pending = undefined;
    },
  });
  const add = (seq: number, type: string, payload: unknown): void => {
    const event = { seq, type, timestamp: at(seq), payload };
    out.add(agentOsRow(event), lookOf(event));
  };
  return { lines, out, add, idle: () => pending?.() };
}

describe('panel/output-lines: one line per meaningful event', () => {
  it('joins a run of LLM tokens into one line, written when another event comes', () => {
    const { lines, add } = joiner();
    add(1, 'NODE_STARTED', { node: 'writer' });
    for (const [i, token] of ['Hel', 'lo', ', wor', 'ld'].entries())
      add(2 + i, 'LLM_TOKEN', { node: 'writer', token });
    assert.equal(lines.length, 1, 'tokens wait for the run of tokens to end');
    add(6, 'NODE_OUTPUT', { node: 'writer', output: { text: 'done' } });
    assert.equal(lines.length, 3);
    assert.match(
      lines[1] as string,
      /^\[run abc\] \d\d:\d\d:05\.002 #2–5 LLM_TOKEN ×4 writer: "Hello, world"$/,
    );
    assert.match(lines[2] as string, /^\[run abc\] .* #6 NODE_OUTPUT /);
  });

  it('a pause in the tokens, another node or a gap in seqs ends the run of tokens', () => {
    const { lines, add, idle } = joiner();
    add(1, 'LLM_TOKEN', { node: 'a', token: 'x' });
    add(2, 'LLM_TOKEN', { node: 'a', token: 'y' });
    idle();
    assert.equal(lines.length, 1);
    assert.match(lines[0] as string, /#1–2 LLM_TOKEN ×2 a: "xy"$/);
    add(3, 'LLM_TOKEN', { node: 'a', token: 'p' });
    add(4, 'LLM_TOKEN', { node: 'b', token: 'q' });
    add(6, 'LLM_TOKEN', { node: 'b', token: 'r' });
    idle();
    assert.deepEqual(
      lines.slice(1).map((l) => l.replace(/^.* #/, '#')),
      ['#3 LLM_TOKEN a: "p"', '#4 LLM_TOKEN b: "q"', '#6 LLM_TOKEN b: "r"'],
    );
  });

  it('flush() writes what is pending (the follow stopped or ended); a long run stays one bounded line', () => {
    const { lines, out, add } = joiner();
    for (let seq = 1; seq <= 5_000; seq++) add(seq, 'LLM_TOKEN', { token: 'word ' });
    out.flush();
    assert.equal(lines.length, 1);
    assert.match(lines[0] as string, /#1–5000 LLM_TOKEN ×5000 "word word/);
    assert.ok((lines[0] as string).length < 500, `${(lines[0] as string).length} characters`);
    out.flush();
    assert.equal(lines.length, 1, 'nothing twice');
  });

  it('reads the token from token, text or content; other types are not tokens', () => {
    assert.equal(tokenOf('LLM_TOKEN', { token: 'a' }), 'a');
    assert.equal(tokenOf('llm_token', { text: 'b' }), 'b');
    assert.equal(tokenOf('LLM_TOKEN', { content: 'c' }), 'c');
    assert.equal(tokenOf('LLM_TOKEN', null), '');
    assert.equal(tokenOf('TOOL_CALL', { token: 'a' }), undefined);
  });
});

describe('panel/output-lines: Managed Agents events, one line each', () => {
  it('messages by their first line, tools by name, results ok or error, errors with their retry status, states in words', () => {
    const lines: string[] = [];
    const out = new OutputLines('run sesn_1', { write: (line) => lines.push(line) });
    const events: Record<string, unknown>[] = [
      { type: 'session.status_running' },
      { type: 'agent.thinking' },
      {
        type: 'agent.message',
        content: [{ type: 'text', text: 'I will build it.\n\nFirst the tests,\nthen the rest.' }],
      },
      { type: 'agent.tool_use', name: 'bash', input: { command: 'npm test' }, evaluated_permission: 'ask' },
      {
        type: 'session.status_idle',
        stop_reason: { type: 'requires_action', event_ids: ['sevt_4'] },
      },
      { type: 'user.tool_confirmation', tool_use_id: 'sevt_4', result: 'allow' },
      { type: 'agent.tool_result', tool_use_id: 'sevt_4', content: [{ type: 'text', text: '12 passing' }] },
      {
        type: 'agent.mcp_tool_use',
        mcp_server_name: 'github',
        name: 'create_pull_request',
        input: { repo: 'acme/shop' },
      },
      {
        type: 'agent.mcp_tool_result',
        mcp_tool_use_id: 'sevt_8',
        is_error: true,
        content: [{ type: 'text', text: 'rate limited' }],
      },
      {
        type: 'session.error',
        error: { type: 'model_overloaded_error', message: 'busy', retry_status: { type: 'retrying' } },
      },
      { type: 'session.status_rescheduled' },
      { type: 'session.status_terminated' },
    ];
    events.forEach((body, index) => {
      const wire = { id: `sevt_${index + 1}`, processed_at: at(index), ...body } as WireEvent;
      const event = toTimelineEvent(wire, { time: wire.processed_at as string, count: 1 });
      const look = claudePresenter.look(event.type, event.payload);
      out.add(toRow({ ordinal: index + 1, cursor: event.cursor, event }, look), look);
    });
    assert.deepEqual(
      lines.map((line) => line.replace(/^\[run sesn_1\] \d\d:\d\d:\d\d\.\d{3} /, '')),
      [
        '#1 session.status_running running',
        '#2 agent.thinking Thinking…',
        '#3 agent.message I will build it. …',
        '#4 agent.tool_use bash {"command":"npm test"} · needs approval',
        '#5 session.status_idle idle (requires_action: 1 tool use waits)',
        '#6 user.tool_confirmation allow',
        '#7 agent.tool_result ok: 12 passing',
        '#8 agent.mcp_tool_use github › create_pull_request {"repo":"acme/shop"}',
        '#9 agent.mcp_tool_result error: rate limited',
        '#10 session.error model_overloaded_error: busy (retrying)',
        '#11 session.status_rescheduled rescheduling after a transient error',
        '#12 session.status_terminated terminated',
      ],
    );
  });

  it('an unknown type is one line with its type once; a one-line message is the line the panel shows', () => {
    const lines: string[] = [];
    const out = new OutputLines('run s', { write: (line) => lines.push(line) });
    for (const [ordinal, body] of [
      [1, { type: 'workflow_run.something_new', weird: true }],
      [2, { type: 'agent.message', content: [{ type: 'text', text: 'Done.' }] }],
    ] as const) {
      const event = toTimelineEvent({ id: `e${ordinal}`, processed_at: at(ordinal), ...body } as WireEvent, {
        time: at(ordinal),
        count: 1,
      });
      const look = claudePresenter.look(event.type, event.payload);
      assert.equal(look.line, undefined, 'nothing shorter to say than the summary');
      out.add(toRow({ ordinal, cursor: event.cursor, event }, look), look);
    }
    assert.match(lines[0] as string, / #1 workflow_run\.something_new$/);
    assert.match(lines[1] as string, / #2 agent\.message Done\.$/);
  });
});
