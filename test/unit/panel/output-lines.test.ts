import assert from 'node:assert/strict';
import { tokenOf } from '../../../src/backends/agentos/present';
import { OutputLines } from '../../../src/panel/output-lines';
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
    out.add(agentOsRow(event), lookOf(event).token);
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
