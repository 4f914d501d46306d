// The Managed Agents backend behind the seam, against the sandbox's demo data over real HTTP: the neutral shapes the
// views read, paging, typed errors that never carry the key, and close() ending everything at once.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createBackend } from '../../../../src/backends/registry';
import type { Backend, TimelineEvent } from '../../../../src/backends/types';
import { isApiError } from '../../../../src/net/errors';
import { silentLogger } from '../../../../src/util/logger';
import { startSandbox, type Sandbox } from '../../../../sandbox/server';
import { admin } from '../../claude-sandbox/helpers';

describe('Managed Agents backend over the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let backend: Backend;
  const make = (apiKey: string, baseUrl = sandbox.claude.baseUrl): Backend =>
    createBackend({
      kind: 'claude',
      baseUrl,
      apiKey,
      version: 'test',
      timeoutMs: 5_000,
      proxy: {},
      logger: silentLogger,
    });

  before(async () => {
    sandbox = await startSandbox({
      port: 0,
      speed: 1000,
      demo: true,
      heartbeatMs: 100,
      log: () => undefined,
    });
    backend = make(sandbox.claude.key);
  });
  after(async () => {
    backend.close();
    await sandbox.close();
  });

  it('lists agents with name, model and version, and their tools in the facts', async () => {
    const agents = await backend.listAgents();
    assert.equal(agents.length, 6);
    for (const agent of agents) {
      assert.ok(
        agent.name && agent.model && /^v\d+$/.test(agent.version ?? ''),
        JSON.stringify(agent).slice(0, 200),
      );
    }
    assert.ok(agents.some((agent) => agent.facts?.some((fact) => fact.label === 'Tools')));
  });

  it('pages sessions with the service cursor, each with a state, the agent name and the cost so far', async () => {
    const first = await backend.listRuns({ limit: 3 });
    assert.equal(first.items.length, 3);
    assert.ok(first.next, 'a next page');
    const second = await backend.listRuns({ limit: 3, page: first.next });
    const ids = new Set([...first.items, ...second.items].map((run) => run.id));
    assert.equal(ids.size, first.items.length + second.items.length, 'no session on two pages');
    const all = [...first.items, ...second.items];
    assert.ok(all.every((run) => run.agentName && run.state !== 'unknown'));
    assert.ok(all.some((run) => run.cost && run.cost.currency === 'USD'));
    const idle = await backend.listRuns({ limit: 50, status: 'idle' });
    assert.ok(
      idle.items.length > 0 && idle.items.every((run) => run.status === 'idle' && run.state === 'waiting'),
    );
  });

  it('sub-agent threads are the sub-runs, named by their agent; deployments are the triggers', async () => {
    const runs = (await backend.listRuns({ limit: 100 })).items;
    let threads = 0;
    for (const run of runs) {
      const subRuns = await backend.listSubRuns(run.id);
      threads += subRuns.length;
      for (const sub of subRuns) assert.ok(sub.label && sub.runId === run.id);
    }
    assert.ok(threads > 0, 'the demo has sub-agent threads');
    const triggers = await backend.listTriggers();
    assert.ok(triggers.some((t) => t.active) && triggers.some((t) => !t.active && t.reason));
    assert.ok(triggers.every((t) => t.type === 'deployment' && t.summary !== ''));
  });

  it('follows a finished session through the seam; the cursor of any event finds that event again', async () => {
    const session = await admin(sandbox, '/sessions', { events: 300, ratePerSec: 0, end: 'terminated' });
    const events: TimelineEvent[] = [];
    for await (const batch of backend.follow(
      { runId: session.id, subRunId: '' },
      undefined,
      { stallTimeoutMs: 2_000, maxReconnects: 3 },
      AbortSignal.timeout(20_000),
    ))
      if ('events' in batch) events.push(...batch.events);
    assert.equal(events.length, 300);
    assert.equal(events.at(-1)?.terminal, true);
    assert.equal(events.at(-1)?.status?.state, 'completed');
    const look = backend.presenter.look(events[0]!.type, events[0]!.payload);
    assert.ok(look.summary.length > 0);
    const picked = events[123]!;
    const again = (await backend.event({ runId: session.id, subRunId: '' }, picked.cursor)) as { id: string };
    assert.equal(again.id, picked.id);
  });

  it('deployments: run now starts a session; pause and unpause answer the deployment as it is now', async () => {
    const active = (await backend.listTriggers()).find((t) => t.active);
    assert.ok(active, 'an active deployment in the demo');
    const run = await backend.runTrigger!(active.id);
    assert.equal(run.triggerId, active.id);
    if (!run.error) assert.ok(run.runId && (await backend.getRun(run.runId)).id === run.runId);
    const paused = await backend.setTriggerActive!(active.id, false);
    assert.equal(paused.active, false);
    assert.equal(paused.reason, 'paused');
    const resumed = await backend.setTriggerActive!(active.id, true);
    assert.equal(resumed.active, true);
    assert.equal((await backend.listTriggers()).find((t) => t.id === active.id)?.active, true);
  });

  it('a wrong key is a typed 401 that names what to do, and never the key', async () => {
    const wrong = make('sk-ant-wrong-0123456789');
    const error = await wrong.listAgents().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    wrong.close();
    assert.ok(isApiError(error, 'unauthorized'), String(error));
    assert.match(String((error as Error).message), /rejected the API key \(401\).*Sign in again/);
    assert.doesNotMatch(String((error as Error).message), /sk-ant-wrong/);
  });

  it('a wrong URL names the host and the cause', async () => {
    const port = await closedPort();
    const nowhere = make(sandbox.claude.key, `http://127.0.0.1:${port}`);
    const error = await nowhere.check().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    nowhere.close();
    assert.ok(isApiError(error, 'unreachable'), String(error));
    assert.match((error as Error).message, new RegExp(`127\\.0\\.0\\.1:${port}.*refused`));
  });

  it('429 and 529 come out typed, with the wait when the server gives one', async () => {
    await admin(sandbox, '/faults', { fault: 'status:429:7', times: 1, match: 'api' });
    const limited = await backend.listAgents().catch((caught: unknown) => caught);
    assert.ok(isApiError(limited, 'rateLimited') && limited.retryAfterMs === 7_000, String(limited));
    await admin(sandbox, '/faults', { fault: 'status:529', times: 1, match: 'api' });
    const overloaded = await backend.listAgents().catch((caught: unknown) => caught);
    assert.ok(isApiError(overloaded, 'overloaded') && overloaded.transient, String(overloaded));
  });

  it('close() ends an open follow at once and refuses new requests', async () => {
    const own = make(sandbox.claude.key);
    const session = await admin(sandbox, '/sessions', {
      events: 1_000_000,
      ratePerSec: 50,
      end: 'terminated',
    });
    const states: string[] = [];
    let events = 0;
    const followed = (async () => {
      for await (const batch of own.follow(
        { runId: session.id, subRunId: '' },
        undefined,
        { stallTimeoutMs: 5_000, maxReconnects: 3 },
        AbortSignal.timeout(20_000),
      )) {
        if ('events' in batch) events += batch.events.length;
        else if ('state' in batch)
          states.push(batch.state.type === 'failed' ? `failed: ${batch.state.reason}` : batch.state.type);
      }
    })();
    while (events === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const closedAt = Date.now();
    own.close();
    await followed;
    assert.ok(Date.now() - closedAt < 1_000, 'the follow ended at once');
    assert.match(states.at(-1) ?? '', /failed: .*closed/);
    await assert.rejects(own.listAgents(), (error: unknown) => isApiError(error, 'closed'));
  });
});

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
