// What the sandbox prints while it runs: one line per run state change by default, requests only when asked.
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { call, waitFor } from './helpers';

describe('sandbox: its log', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  async function startRun(s: Sandbox): Promise<string> {
    const agents = await call(s, '/v1/api/agents?limit=1');
    const created = await call(s, '/v1/api/runs', {
      method: 'POST',
      body: { agent_id: agents.body.items[0].id, input: { sandbox_scenario: 'complete' } },
    });
    assert.equal(created.status, 201);
    return created.body.run_id;
  }

  it('prints one line per run state change and none per request', async () => {
    const lines: string[] = [];
    sandbox = await startSandbox({ port: 0, speed: 200, log: (line) => lines.push(line) });
    assert.equal(lines.length, 0, 'the demo as loaded is not news');
    await call(sandbox, '/v1/api/me');
    const runId = await startRun(sandbox);
    const mine = () => lines.filter((line) => line.startsWith(`run ${runId.slice(0, 8)} `));
    await waitFor(async () => (mine().some((line) => line.endsWith('→ completed')) ? true : undefined));
    assert.deepEqual(mine(), [
      `run ${runId.slice(0, 8)} of Support Concierge: queued (new)`,
      `run ${runId.slice(0, 8)} of Support Concierge: queued → running`,
      `run ${runId.slice(0, 8)} of Support Concierge: running → completed`,
    ]);
    assert.deepEqual(
      lines.filter((line) => /^(GET|POST) /.test(line)),
      [],
      'no request lines',
    );
  });

  it('also prints every request when asked (the CLI’s --verbose)', async () => {
    const lines: string[] = [];
    sandbox = await startSandbox({ port: 0, speed: 200, log: (line) => lines.push(line), logRequests: true });
    await call(sandbox, '/v1/api/me');
    await waitFor(async () =>
      lines.some((line) => /^GET \/v1\/api\/me 200 \d+ms$/.test(line)) ? true : undefined,
    );
  });
});
