import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { allEvents, useClaude, waitFor, type StreamEvent } from './helpers';

async function sessionsOf(client: Anthropic): Promise<BetaManagedAgentsSession[]> {
  const out: BetaManagedAgentsSession[] = [];
  for await (const session of client.beta.sessions.list({ include_archived: true, limit: 100 }))
    out.push(session);
  return out;
}

const lastIdle = (events: StreamEvent[]): StreamEvent | undefined =>
  events.filter((event) => event.type === 'session.status_idle').at(-1);

describe('claude sandbox: the demo (as loaded)', () => {
  const h = useClaude({ demo: true, speed: 0.0001 });
  let sessions: BetaManagedAgentsSession[];
  const events = new Map<string, StreamEvent[]>();

  before(async () => {
    sessions = await sessionsOf(h().client);
    for (const session of sessions) events.set(session.id, await allEvents(h().client, session.id, 1000));
  });

  const byTitle = (title: string): BetaManagedAgentsSession => {
    const session = sessions.find((candidate) => candidate.title === title);
    assert.ok(session, title);
    return session;
  };

  it('has sessions in every status, and idle ones for each stop reason', () => {
    assert.deepEqual([...new Set(sessions.map((session) => session.status))].sort(), [
      'idle',
      'rescheduling',
      'running',
      'terminated',
    ]);
    const reasons = new Set<string | undefined>(
      sessions.map((session) => {
        const idle = lastIdle(events.get(session.id) ?? []);
        return idle?.type === 'session.status_idle' ? idle.stop_reason.type : undefined;
      }),
    );
    for (const reason of ['end_turn', 'requires_action', 'refusal', 'retries_exhausted'])
      assert.ok(reasons.has(reason), reason);
    const refusal = events
      .get(byTitle('Flaky checkout test').id)
      ?.find((event) => event.type === 'session.status_idle' && event.stop_reason.type === 'refusal');
    assert.ok(refusal?.type === 'session.status_idle' && refusal.stop_details?.category === 'cyber');
    assert.equal(sessions.filter((session) => session.archived_at !== null).length, 1);
  });

  it('has a session waiting for a tool approval, one interrupted, one with sub-agent threads, one whose errors were retried', async () => {
    const waiting = events.get(byTitle('Fix retry jitter and push').id) ?? [];
    const idle = waiting.at(-1);
    assert.ok(idle?.type === 'session.status_idle' && idle.stop_reason.type === 'requires_action');
    const asked = waiting.filter(
      (event) => event.type === 'agent.tool_use' && event.evaluated_permission === 'ask',
    );
    assert.deepEqual(
      idle.stop_reason.type === 'requires_action' && [...idle.stop_reason.event_ids].sort(),
      asked.map((event) => (event as { id: string }).id).sort(),
    );

    assert.ok(
      events.get(byTitle('Flaky checkout test').id)?.some((event) => event.type === 'user.interrupt'),
    );

    const coordinated = byTitle('Competitor landscape — Q3');
    const threads = (await h().client.beta.sessions.threads.list(coordinated.id)).data;
    assert.equal(threads.length, 3);
    assert.ok((events.get(coordinated.id) ?? []).some((event) => event.type === 'session.thread_created'));

    const retried = events.get(byTitle('Checkout latency spike 🔥').id) ?? [];
    const error = retried.findIndex(
      (event) => event.type === 'session.error' && event.error.retry_status.type === 'retrying',
    );
    assert.ok(error >= 0);
    assert.ok(retried.slice(error).some((event) => event.type === 'session.status_rescheduled'));
    assert.ok(
      retried
        .slice(error)
        .some((event) => event.type === 'session.status_idle' && event.stop_reason.type === 'end_turn'),
    );

    const terminated = events.get(byTitle('Billing sync failure').id) ?? [];
    assert.equal(terminated.at(-1)?.type, 'session.status_terminated');
  });

  it('speaks several scripts and emoji, and carries hostile text in a message and in a tool input', () => {
    const all = [...events.values()]
      .flat()
      .map((event) => JSON.stringify(event))
      .join('\n');
    for (const pattern of [
      /[\u3040-\u30ff]/,
      /[\u4e00-\u9fff]/,
      /[\u0400-\u04ff]/,
      /[\u0600-\u06ff]/,
      /[\u0900-\u097f]/,
      /[\u{1f300}-\u{1faff}]/u,
      /```/,
    ]) {
      assert.match(all, pattern);
    }
    const hostile = '<img src=x onerror=alert(1)>';
    const flat = [...events.values()].flat();
    assert.ok(
      flat.some((event) => event.type === 'user.message' && JSON.stringify(event.content).includes(hostile)),
    );
    assert.ok(
      flat.some(
        (event) =>
          (event.type === 'agent.tool_use' || event.type === 'agent.custom_tool_use') &&
          JSON.stringify(event.input).includes('</script>'),
      ),
    );
    const kinds = new Set<string>(flat.map((event) => event.type));
    for (const type of [
      'agent.thinking',
      'agent.tool_use',
      'agent.tool_result',
      'agent.mcp_tool_use',
      'agent.mcp_tool_result',
      'agent.custom_tool_use',
      'user.custom_tool_result',
      'span.model_request_start',
      'span.model_request_end',
      'session.usage',
      'session.error',
      'session.thread_created',
      'session.thread_status_running',
      'session.thread_status_idle',
      'session.thread_status_terminated',
      'agent.thread_message_sent',
      'agent.thread_message_received',
    ]) {
      assert.ok(kinds.has(type), type);
    }
  });

  it('has deployment sessions, with cumulative usage and a list cost', () => {
    const fromDeployments = sessions.filter((session) => session.deployment_id);
    assert.ok(fromDeployments.length >= 10);
    const usages = [...events.values()].flat().filter((event) => event.type === 'session.usage');
    assert.ok(usages.length > 50);
    const running = byTitle('Upgrade to TypeScript 6 ⏳');
    assert.equal(running.status, 'running');
    const costs = (events.get(running.id) ?? [])
      .filter((event) => event.type === 'session.usage')
      .map((event) => (event.type === 'session.usage' ? Number(event.usage.list_cost?.amount) : 0));
    assert.ok(costs.length > 20);
    assert.deepEqual(
      costs,
      [...costs].sort((a, b) => a - b),
      'cumulative cost never goes down',
    );
  });
});

describe('claude sandbox: the demo (live)', () => {
  const h = useClaude({ demo: true, speed: 1000 });

  it('keeps the long session producing events and lets the rescheduling one recover', async () => {
    const client = h().client;
    const sessions = await sessionsOf(client);
    const running = sessions.find(
      (session) => session.title === 'Upgrade to TypeScript 6 ⏳',
    ) as BetaManagedAgentsSession;
    const count = (await allEvents(client, running.id, 1000)).length;
    await waitFor(async () =>
      (await allEvents(client, running.id, 1000)).length > count + 20 ? true : undefined,
    );
    const rescheduling = sessions.find(
      (session) => session.title === 'Survey: resumable SSE in 2026',
    ) as BetaManagedAgentsSession;
    await waitFor(async () =>
      (await client.beta.sessions.retrieve(rescheduling.id)).status === 'idle' ? true : undefined,
    );
  });
});
