// The Managed Agents backend behind the seam, against the sandbox's demo data over real HTTP: the neutral shapes the
// views read, paging, typed errors that never carry the key, and close() ending everything at once.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Backend, TimelineEvent } from '../../../../src/backends/types';
import { isApiError } from '../../../../src/net/errors';
import { startSandbox, type Sandbox } from '../../../../sandbox/server';
import { admin, claudeBackend, raw } from '../../claude-sandbox/helpers';

describe('Managed Agents backend over the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let backend: Backend;
  const make = (apiKey: string, baseUrl = sandbox.claude.baseUrl): Backend =>
    claudeBackend(sandbox, apiKey, baseUrl);

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
    // The service names the error that paused a deployment by its type only.
    assert.ok(
      triggers.some((t) => t.reason === 'paused after an error: vault not found'),
      triggers.map((t) => t.reason).join(', '),
    );
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
    // Every tool result and model request end is paired with its start, which came before it in this follow.
    const ends = events.filter((e) => e.type === 'agent.tool_result' || e.type === 'span.model_request_end');
    assert.ok(ends.length > 10);
    for (const end of ends) {
      const start = events.findIndex((e) => e.id === end.pair?.startId);
      assert.ok(
        start >= 0 && start < events.indexOf(end),
        `${end.type} ${end.id} pairs with an earlier event`,
      );
      assert.ok((end.pair?.durationMs ?? -1) >= 0);
      if (end.type === 'agent.tool_result')
        assert.equal(end.pair?.tool, (events[start]!.payload as { name: string }).name);
    }
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

  it('lists the environments a session can start in, without the archived one', async () => {
    const environments = await backend.listEnvironments!();
    assert.deepEqual(environments.map((e) => e.name).sort(), [
      'Default',
      'On-prem runner',
      'Production sandbox',
    ]);
    assert.equal(environments.find((e) => e.name === 'On-prem runner')?.detail, 'self-hosted');
    assert.equal(environments.find((e) => e.name === 'Default')?.detail, 'cloud');
    assert.ok(environments.every((e) => /^env_/.test(e.id)));
  });

  it('starts a session with its first message: one request, the message in its events, the session on top', async () => {
    const [agent] = await backend.listAgents();
    const environment = (await backend.listEnvironments!()).find((e) => e.name === 'Default');
    assert.ok(agent && environment);
    const text = 'Bonjour 👋 — summarise the open issues';
    const run = await backend.startRun!(agent.id, text, { environmentId: environment.id });
    assert.equal(run.agentId, agent.id);
    assert.equal(run.currentSubRunId, run.id, 'followed as the session itself');
    assert.notEqual(run.state, 'unknown');
    const server = await raw(sandbox, `/v1/sessions/${run.id}`);
    assert.equal(server.body.environment_id, environment.id);
    const events = await raw(sandbox, `/v1/sessions/${run.id}/events?order=asc&limit=1000`);
    const messages = (events.body.data as { type: string; content?: { text: string }[] }[]).filter(
      (e) => e.type === 'user.message',
    );
    assert.deepEqual(
      messages.map((m) => m.content?.[0]?.text),
      [text],
    );
    assert.equal((await backend.listRuns({ limit: 1 })).items[0]?.id, run.id, 'newest first');
  });

  it('refuses to start a session without a message or an environment, before any request', async () => {
    const [agent] = await backend.listAgents();
    const environment = (await backend.listEnvironments!())[0];
    assert.ok(agent && environment);
    const before = (await backend.listRuns({ limit: 1 })).items[0]?.id;
    await assert.rejects(backend.startRun!(agent.id, '  \n ', { environmentId: environment.id }), /empty/);
    await assert.rejects(backend.startRun!(agent.id, 'hello', {}), /environment/);
    assert.equal((await backend.listRuns({ limit: 1 })).items[0]?.id, before, 'no session was made');
  });

  it('archive: the session says when, and leaves the default list; it stays readable by id', async () => {
    const session = await admin(sandbox, '/sessions', { events: 5, ratePerSec: 0, end: 'idle' });
    assert.ok((await backend.listRuns({ limit: 100 })).items.some((r) => r.id === session.id));
    const archived = await backend.archiveRun!(session.id);
    assert.equal(archived.id, session.id);
    assert.ok(archived.archivedAt && !Number.isNaN(Date.parse(archived.archivedAt)));
    assert.ok(!(await backend.listRuns({ limit: 100 })).items.some((r) => r.id === session.id));
    assert.equal((await backend.getRun(session.id)).archivedAt, archived.archivedAt);
  });

  it('delete: the session is gone; deleting it again is a typed 404', async () => {
    const session = await admin(sandbox, '/sessions', { events: 5, ratePerSec: 0, end: 'idle' });
    await backend.deleteRun!(session.id);
    const gone = await backend.getRun(session.id).catch((caught: unknown) => caught);
    assert.ok(isApiError(gone, 'notFound'), String(gone));
    const again = await backend.deleteRun!(session.id).catch((caught: unknown) => caught);
    assert.ok(isApiError(again, 'notFound'), String(again));
    assert.match((again as Error).message, /Not found on 127\.0\.0\.1:\d+ \(404\)/);
    assert.ok(!(await backend.listRuns({ limit: 100 })).items.some((r) => r.id === session.id));
  });

  it('deployment runs: newest first, paged, each with what fired it and its session or its error', async () => {
    const triggers = await backend.listTriggers();
    const history = new Map<string, Awaited<ReturnType<NonNullable<Backend['listTriggerRuns']>>>['items']>();
    for (const trigger of triggers)
      history.set(trigger.id, (await backend.listTriggerRuns!(trigger.id, { limit: 100 })).items);
    const all = [...history.values()].flat();
    assert.ok(all.length > 0, 'the demo has deployment history');
    for (const [triggerId, runs] of history) {
      assert.ok(runs.every((r) => r.triggerId === triggerId));
      const times = runs.map((r) => Date.parse(r.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        'newest first',
      );
    }
    assert.ok(
      all.every((r) => (r.runId === undefined) !== (r.error === undefined)),
      'a session or an error',
    );
    assert.ok(all.every((r) => r.firedBy === 'schedule' || r.firedBy === 'manual'));
    const failed = all.find((r) => r.error);
    assert.ok(failed, 'an errored run');
    assert.match(failed.error ?? '', /\w{10,}/, 'the error in words');
    const started = all.find((r) => r.runId);
    assert.ok(started);
    assert.equal((await backend.getRun(started.runId!)).id, started.runId);

    const [busiest] = [...history].sort((a, b) => b[1].length - a[1].length);
    assert.ok(busiest && busiest[1].length >= 3);
    const first = await backend.listTriggerRuns!(busiest[0], { limit: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.next, 'a next page');
    const second = await backend.listTriggerRuns!(busiest[0], { limit: 2, page: first.next });
    assert.deepEqual(
      [...first.items, ...second.items].map((r) => r.id),
      busiest[1].slice(0, first.items.length + second.items.length).map((r) => r.id),
    );
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
