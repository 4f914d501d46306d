import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsDeployment } from '@anthropic-ai/sdk/resources/beta/deployments';
import type { BetaManagedAgentsDeploymentRun } from '@anthropic-ai/sdk/resources/beta/deployment-runs';
import { admin, useClaude } from './helpers';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);

describe('claude sandbox: deployments and their runs', () => {
  // The demo frozen in time: no timer fires while the suite runs.
  const h = useClaude({ demo: true, speed: 0.0001 });
  let deployments: BetaManagedAgentsDeployment[];
  const named = (name: string): BetaManagedAgentsDeployment =>
    deployments.find((deployment) => deployment.name === name) as BetaManagedAgentsDeployment;

  before(async () => {
    deployments = await collect(h().client.beta.deployments.list({ limit: 1 }));
  });

  it('lists deployments active and paused (by hand, by an error) with their cron schedules', async () => {
    const client = h().client;
    assert.equal(deployments.length, 4);
    assert.deepEqual(deployments, (await client.beta.deployments.list({ limit: 100 })).data);
    assert.deepEqual(
      deployments.map((deployment) => [deployment.status, deployment.paused_reason?.type ?? null]).sort(),
      [
        ['active', null],
        ['active', null],
        ['paused', 'error'],
        ['paused', 'manual'],
      ],
    );
    const broken = deployments.find((deployment) => deployment.paused_reason?.type === 'error');
    assert.deepEqual(broken?.paused_reason, { type: 'error', error: { type: 'vault_not_found_error' } });
    const now = Date.now();
    for (const deployment of deployments) {
      const schedule = deployment.schedule;
      assert.equal(schedule?.type, 'cron');
      assert.equal(schedule?.expression.split(' ').length, 5);
      const upcoming = (schedule?.upcoming_runs_at ?? []).map(Date.parse);
      assert.equal(upcoming.length, 5);
      assert.ok(
        upcoming.every(
          (time, index) => time > now - 60_000 && (index === 0 || time > (upcoming[index - 1] as number)),
        ),
      );
      assert.notEqual(schedule?.last_run_at, null);
      assert.deepEqual(await client.beta.deployments.retrieve(deployment.id), deployment);
    }
    assert.deepEqual(
      ids(await collect(client.beta.deployments.list({ status: 'paused' }))),
      ids(deployments.filter((d) => d.status === 'paused')),
    );
    const agent = deployments[0]?.agent.id as string;
    assert.deepEqual(
      ids(await collect(client.beta.deployments.list({ agent_id: agent }))),
      ids(deployments.filter((d) => d.agent.id === agent)),
    );
  });

  it('lists deployment runs newest first, with filters that partition them', async () => {
    const client = h().client;
    const runs = await collect(client.beta.deploymentRuns.list({ limit: 3 }));
    assert.deepEqual(runs, (await client.beta.deploymentRuns.list({ limit: 1000 })).data);
    assert.ok(runs.length >= 10);
    const created = runs.map((run) => Date.parse(run.created_at));
    assert.deepEqual(
      created,
      [...created].sort((a, b) => b - a),
    );
    for (const run of runs) {
      assert.equal(run.type, 'deployment_run');
      assert.equal(
        (run.session_id === null) !== (run.error === null),
        true,
        'exactly one of session_id and error',
      );
    }
    const failed = await collect(client.beta.deploymentRuns.list({ has_error: true }));
    const succeeded = await collect(client.beta.deploymentRuns.list({ has_error: false, limit: 4 }));
    assert.deepEqual(ids(failed), ids(runs.filter((run) => run.error !== null)));
    assert.deepEqual(ids(succeeded), ids(runs.filter((run) => run.error === null)));
    assert.deepEqual([...new Set(failed.map((run) => run.error?.type))].sort(), [
      'session_rate_limited_error',
      'vault_not_found_error',
    ]);
    const manual = await collect(client.beta.deploymentRuns.list({ trigger_type: 'manual' }));
    const scheduled = await collect(client.beta.deploymentRuns.list({ trigger_type: 'schedule', limit: 5 }));
    assert.equal(manual.length + scheduled.length, runs.length);
    assert.ok(
      scheduled.every(
        (run) =>
          run.trigger_context.type === 'schedule' &&
          Date.parse(run.trigger_context.scheduled_at) <= Date.parse(run.created_at),
      ),
    );
    const one = named('Weekly research brief');
    const ofOne = await collect(client.beta.deploymentRuns.list({ deployment_id: one.id }));
    assert.deepEqual(ids(ofOne), ids(runs.filter((run) => run.deployment_id === one.id)));
    assert.ok(ofOne.some((run) => run.session_id !== null) && ofOne.some((run) => run.error !== null));
    assert.deepEqual(await collect(client.beta.deploymentRuns.list({ deployment_id: 'depl_011Cnope' })), []);
    const middle = runs[5] as BetaManagedAgentsDeploymentRun;
    assert.deepEqual(
      ids(await collect(client.beta.deploymentRuns.list({ 'created_at[lt]': middle.created_at }))),
      ids(runs.slice(6)),
    );
    assert.deepEqual(await client.beta.deploymentRuns.retrieve(middle.id), middle);
  });

  it('runs a deployment now: a manual run with a new session of the deployment, or the error that stopped it', async () => {
    const client = h().client;
    const nightly = named('Nightly dependency report');
    const run = await client.beta.deployments.run(nightly.id);
    assert.deepEqual(run.trigger_context, { type: 'manual' });
    assert.equal(run.error, null);
    assert.deepEqual(run.agent, nightly.agent);
    const session = await client.beta.sessions.retrieve(run.session_id as string);
    assert.equal(session.deployment_id, nightly.id);
    assert.equal(session.agent.version, nightly.agent.version);
    assert.equal((await client.beta.deploymentRuns.list({ limit: 1 })).data[0]?.id, run.id);
    assert.equal(
      (await client.beta.sessions.list({ deployment_id: nightly.id, limit: 1 })).data[0]?.id,
      session.id,
    );

    const broken = named('Weekly research brief');
    const failed = await client.beta.deployments.run(broken.id);
    assert.equal(failed.session_id, null);
    assert.equal(failed.error?.type, 'vault_not_found_error');
    assert.equal(typeof failed.error?.message, 'string');
  });

  it('pauses and unpauses; the admin tick fires a scheduled run and moves last_run_at', async () => {
    const { client, sandbox } = h();
    const triage = named('Weekday triage sweep');
    const paused = await client.beta.deployments.pause(triage.id);
    assert.equal(paused.status, 'paused');
    assert.deepEqual(paused.paused_reason, { type: 'manual' });
    assert.equal(paused.schedule?.upcoming_runs_at?.length, 5);
    const active = await client.beta.deployments.unpause(triage.id);
    assert.equal(active.status, 'active');
    assert.equal(active.paused_reason, null);
    const recovered = await client.beta.deployments.unpause(named('Weekly research brief').id);
    assert.equal(recovered.paused_reason, null);

    const next = active.schedule?.upcoming_runs_at?.[0];
    const fired = (await admin(
      sandbox,
      `/deployments/${triage.id}/tick`,
      {},
    )) as BetaManagedAgentsDeploymentRun;
    assert.deepEqual(fired.trigger_context, { type: 'schedule', scheduled_at: next });
    assert.equal((await client.beta.deployments.retrieve(triage.id)).schedule?.last_run_at, fired.created_at);
  });

  it('archives a deployment: no upcoming runs, hidden from the list, and it can no longer run', async () => {
    const client = h().client;
    const digest = named('Inbox digest');
    const archived = await client.beta.deployments.archive(digest.id);
    assert.notEqual(archived.archived_at, null);
    assert.deepEqual(archived.schedule?.upcoming_runs_at, []);
    assert.ok(!ids(await collect(client.beta.deployments.list())).includes(digest.id));
    assert.ok(
      ids(await collect(client.beta.deployments.list({ include_archived: true }))).includes(digest.id),
    );
    await assert.rejects(client.beta.deployments.run(digest.id), Anthropic.BadRequestError);
    await assert.rejects(client.beta.deployments.pause(digest.id), Anthropic.BadRequestError);
  });
});
