// Which tool uses a session waits on, read from its newest event back: the newest status decides, answers already
// given (even queued) do not wait, the tool uses are found further back, and only confirmable ones count.
import assert from 'node:assert/strict';
import type { WireEvent } from '../../../../src/backends/claude/follow';
import { pendingFromNewest } from '../../../../src/backends/claude/pending';

let clock = Date.UTC(2026, 10, 30, 12, 0, 0);
const at = (): string => new Date((clock += 10)).toISOString();

const running = (): WireEvent => ({ id: `run${clock}`, type: 'session.status_running', processed_at: at() });
const idle = (stop: Record<string, unknown>): WireEvent => ({
  id: `idle${clock}`,
  type: 'session.status_idle',
  processed_at: at(),
  stop_reason: stop,
});
const bash = (id: string, command: string, permission = 'ask'): WireEvent => ({
  id,
  type: 'agent.tool_use',
  processed_at: at(),
  name: 'bash',
  input: { command },
  evaluated_permission: permission,
});
const confirm = (id: string, queued = false): WireEvent => ({
  id: `conf-${id}`,
  type: 'user.tool_confirmation',
  processed_at: queued ? null : at(),
  tool_use_id: id,
  result: 'allow',
});

/** The events oldest first, handed out newest first in pages of `size` (as the list answers order=desc). */
async function* newestFirst(events: WireEvent[], size = 2): AsyncGenerator<WireEvent[]> {
  const reversed = [...events].reverse();
  for (let i = 0; i < reversed.length; i += size) yield reversed.slice(i, i + size);
}

describe('Managed Agents: the tool uses a session waits on, from its newest event back', () => {
  it('an idle that requires action: its tool uses, oldest first, with name and input', async () => {
    const events = [
      running(),
      bash('tu1', 'rm -rf build'),
      {
        id: 'mcp1',
        type: 'agent.mcp_tool_use',
        processed_at: at(),
        mcp_server_name: 'github',
        name: 'create_pull_request',
        input: { repo: 'acme/shop' },
        evaluated_permission: 'ask',
      },
      idle({ type: 'requires_action', event_ids: ['tu1', 'mcp1'] }),
    ];
    assert.deepEqual(await pendingFromNewest(newestFirst(events)), [
      { id: 'tu1', tool: 'bash', input: '{"command":"rm -rf build"}' },
      { id: 'mcp1', tool: 'github › create_pull_request', input: '{"repo":"acme/shop"}' },
    ]);
  });

  it('nothing waits when the newest status is an end of turn, running again, or terminated', async () => {
    const asked = [running(), bash('tu1', 'ls'), idle({ type: 'requires_action', event_ids: ['tu1'] })];
    for (const after of [idle({ type: 'end_turn' }), running()])
      assert.deepEqual(await pendingFromNewest(newestFirst([...asked, after])), []);
    const ended = { id: 'end', type: 'session.status_terminated', processed_at: at() };
    assert.deepEqual(await pendingFromNewest(newestFirst([...asked, ended])), []);
    assert.deepEqual(await pendingFromNewest(newestFirst([])), [], 'a session with no events');
  });

  it('answers already given, processed or still queued, no longer wait', async () => {
    const base = [
      running(),
      bash('tu1', 'a'),
      bash('tu2', 'b'),
      idle({ type: 'requires_action', event_ids: ['tu1', 'tu2'] }),
    ];
    const one = await pendingFromNewest(newestFirst([...base, confirm('tu1')]));
    assert.deepEqual(
      one.map((p) => p.id),
      ['tu2'],
    );
    const queued = await pendingFromNewest(newestFirst([...base, confirm('tu1'), confirm('tu2', true)]));
    assert.deepEqual(queued, [], 'both answered: nothing waits');
  });

  it('a re-emitted idle with the remainder is what waits', async () => {
    const events = [
      running(),
      bash('tu1', 'a'),
      bash('tu2', 'b'),
      idle({ type: 'requires_action', event_ids: ['tu1', 'tu2'] }),
      confirm('tu1'),
      idle({ type: 'requires_action', event_ids: ['tu2'] }),
    ];
    assert.deepEqual(
      (await pendingFromNewest(newestFirst(events))).map((p) => p.id),
      ['tu2'],
    );
  });

  it('a second wait in the same turn names only its own tool uses', async () => {
    const events = [
      running(),
      bash('tu1', 'first'),
      idle({ type: 'requires_action', event_ids: ['tu1'] }),
      confirm('tu1'),
      running(),
      bash('tu2', 'second'),
      idle({ type: 'requires_action', event_ids: ['tu2'] }),
    ];
    assert.deepEqual(await pendingFromNewest(newestFirst(events)), [
      { id: 'tu2', tool: 'bash', input: '{"command":"second"}' },
    ]);
  });

  it('a custom tool waits for a result, not a yes or no: it is left out; so is a tool use never found', async () => {
    const events = [
      running(),
      { id: 'ct1', type: 'agent.custom_tool_use', processed_at: at(), name: 'lookup_order', input: {} },
      bash('tu1', 'ls'),
      idle({ type: 'requires_action', event_ids: ['ct1', 'tu1', 'missing'] }),
    ];
    assert.deepEqual(
      (await pendingFromNewest(newestFirst(events))).map((p) => p.id),
      ['tu1'],
    );
  });

  it('stops reading after scanMax events back, keeping what it found', async () => {
    let pagesRead = 0;
    async function* endless(): AsyncGenerator<WireEvent[]> {
      yield [idle({ type: 'requires_action', event_ids: ['tu1', 'never'] }), bash('tu1', 'ls')];
      for (;;) {
        pagesRead++;
        yield [running()];
      }
    }
    const found = await pendingFromNewest(endless(), 10);
    assert.deepEqual(
      found.map((p) => p.id),
      ['tu1'],
    );
    assert.ok(pagesRead <= 10, `${pagesRead} pages read`);
  });
});
