import assert from 'node:assert/strict';
import { call, useSandbox, waitFor, type JsonResponse } from './helpers';

const FINAL = ['completed', 'failed', 'cancelled'];

describe('sandbox: runs', () => {
  const sandbox = useSandbox({ speed: 500 });
  let agentId: string;

  before(async () => {
    agentId = (await call(sandbox(), '/v1/api/agents?limit=1')).body.items[0].id;
  });

  const createRun = (
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<JsonResponse> =>
    call(sandbox(), '/v1/api/runs', { method: 'POST', body: { agent_id: agentId, ...body }, headers });
  const getRun = async (id: string): Promise<JsonResponse['body']> =>
    (await call(sandbox(), `/v1/api/runs/${id}`)).body;
  const until = (id: string, statuses: string[]): Promise<JsonResponse['body']> =>
    waitFor(async () => {
      const run = await getRun(id);
      return statuses.includes(run.status) ? run : undefined;
    });

  it('demo data has runs in every status', async () => {
    for (const status of [
      'queued',
      'running',
      'completed',
      'failed',
      'cancelled',
      'waiting_for_human',
      'resumed',
    ]) {
      const res = await call(sandbox(), `/v1/api/runs?status=${status}`);
      assert.ok(res.body.total >= 1, `no ${status} run`);
      assert.ok(res.body.items.every((run: { status: string }) => run.status === status));
    }
  });

  it('lists newest first and pages to the end without gaps or repeats', async () => {
    const first = await call(sandbox(), '/v1/api/runs?limit=4');
    assert.deepEqual(Object.keys(first.body).sort(), ['items', 'limit', 'offset', 'total']);
    const seen: string[] = [];
    const created: string[] = [];
    for (let offset = 0; offset < first.body.total; offset += 4) {
      const page = await call(sandbox(), `/v1/api/runs?limit=4&offset=${offset}`);
      assert.equal(page.body.offset, offset);
      for (const run of page.body.items) {
        seen.push(run.id);
        created.push(run.created_at);
      }
    }
    assert.equal(seen.length, first.body.total);
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual(created, [...created].sort().reverse());
    const past = await call(sandbox(), `/v1/api/runs?limit=4&offset=${first.body.total}`);
    assert.deepEqual(past.body.items, []);
  });

  it('filters by agent_id, and by agent_id and status together', async () => {
    const mine = await call(sandbox(), `/v1/api/runs?agent_id=${agentId}&limit=500`);
    assert.ok(mine.body.total >= 1);
    assert.ok(mine.body.items.every((run: { agent_id: string }) => run.agent_id === agentId));
    const status = mine.body.items[0].status;
    const both = await call(sandbox(), `/v1/api/runs?agent_id=${agentId}&status=${status}`);
    const expected = mine.body.items.filter((run: { status: string }) => run.status === status).length;
    assert.equal(both.body.total, expected);
    const none = await call(sandbox(), '/v1/api/runs?agent_id=nobody');
    assert.deepEqual([none.body.total, none.body.items], [0, []]);
  });

  it('shows a failed run with a second attempt, and both attempts', async () => {
    const failed = (await call(sandbox(), '/v1/api/runs?status=failed&limit=500')).body.items;
    const retried = failed.find((run: { current_attempt_no: number }) => run.current_attempt_no === 2);
    assert.ok(retried, 'a failed run on attempt 2');
    const attempts = await call(sandbox(), `/v1/api/runs/${retried.id}/attempts`);
    assert.equal(attempts.body.items.length, 2);
    const [one, two] = attempts.body.items;
    assert.deepEqual(
      [one.attempt_no, one.status, two.attempt_no, two.id],
      [1, 'failed', 2, retried.current_attempt_id],
    );
    for (const attempt of attempts.body.items) {
      assert.equal(attempt.run_id, retried.id);
      assert.equal(typeof attempt.started_at, 'string');
      assert.equal(typeof attempt.completed_at, 'string');
      assert.ok(attempt.latest_seq > 0);
    }
    assert.equal(two.latest_seq, retried.latest_seq);
  });

  it('creates a run that the executor starts and completes, with events and checkpoints', async () => {
    const res = await createRun({
      thread: { new_thread: true },
      input: { message: 'olá 🚀', sandbox_scenario: 'complete' },
    });
    assert.equal(res.status, 201);
    assert.equal(typeof res.body.run_id, 'string');
    assert.equal(typeof res.body.status, 'string');
    assert.equal(typeof res.body.attempt_id, 'string');
    const run = await until(res.body.run_id, FINAL);
    assert.equal(run.status, 'completed');
    assert.equal(run.current_attempt_id, res.body.attempt_id);
    assert.equal(run.current_attempt_no, 1);
    assert.ok(run.output);
    assert.deepEqual(run.input, { message: 'olá 🚀', sandbox_scenario: 'complete' });
    const events = await call(
      sandbox(),
      `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}&limit=1000`,
    );
    const types: string[] = events.body.events.map((event: { type: string }) => event.type);
    assert.equal(types[0], 'RUN_STARTED');
    assert.equal(types.at(-1), 'RUN_FINISHED');
    for (const type of ['NODE_STARTED', 'LLM_TOKEN', 'TOOL_CALL', 'TOOL_RESULT', 'NODE_OUTPUT'])
      assert.ok(types.includes(type));
    assert.equal(events.body.latest_seq, run.latest_seq);
    const checkpoints = await call(sandbox(), `/v1/api/runs/${run.id}/checkpoints`);
    assert.ok(checkpoints.body.items.length >= 1);
    assert.equal(checkpoints.body.items[0].attempt_id, run.current_attempt_id);
    const agent = (await call(sandbox(), `/v1/api/agents/${agentId}`)).body;
    assert.equal(agent.last_run_id, run.id);
  });

  it('keeps a given thread_id', async () => {
    const res = await createRun({ thread: { thread_id: 'thread-42' } });
    assert.equal(res.body.thread_id, 'thread-42');
    assert.equal((await getRun(res.body.run_id)).thread_id, 'thread-42');
  });

  it('fails a run on the fail path, and waits for a human on the human path; retry starts attempt 2', async () => {
    const failing = await createRun({ input: { sandbox_scenario: 'fail' } });
    const failed = await until(failing.body.run_id, FINAL);
    assert.equal(failed.status, 'failed');
    assert.ok(failed.error);

    const human = await createRun({ input: { sandbox_scenario: 'human' } });
    await until(human.body.run_id, ['waiting_for_human']);
    const retried = await call(sandbox(), `/_sandbox/runs/${human.body.run_id}/retry`, { method: 'POST' });
    assert.equal(retried.status, 201);
    assert.equal(retried.body.current_attempt_no, 2);
    assert.equal(retried.body.status, 'resumed');
    const done = await until(human.body.run_id, FINAL);
    assert.equal(done.status, 'completed');
    const attempts = (await call(sandbox(), `/v1/api/runs/${human.body.run_id}/attempts`)).body.items;
    assert.deepEqual(
      attempts.map((attempt: { attempt_no: number; status: string }) => [attempt.attempt_no, attempt.status]),
      [
        [1, 'cancelled'],
        [2, 'completed'],
      ],
    );
  });

  it('answers 409 when an idempotency_key is reused', async () => {
    assert.equal((await createRun({ idempotency_key: 'run-key-1' })).status, 201);
    const again = await createRun({ idempotency_key: 'run-key-1' });
    assert.equal(again.status, 409);
    assert.equal(typeof again.body.message, 'string');
  });

  it('validates the body: agent_id (400 / 404), thread (400)', async () => {
    const missing = await call(sandbox(), '/v1/api/runs', { method: 'POST', body: { input: {} } });
    assert.deepEqual([missing.status, missing.body.field], [400, 'agent_id']);
    const unknown = await call(sandbox(), '/v1/api/runs', { method: 'POST', body: { agent_id: 'nobody' } });
    assert.equal(unknown.status, 404);
    const thread = await createRun({ thread: { new_thread: false } });
    assert.deepEqual([thread.status, thread.body.field], [400, 'thread']);
    const threadId = await createRun({ thread: { thread_id: 7 } });
    assert.deepEqual([threadId.status, threadId.body.field], [400, 'thread.thread_id']);
  });

  it('cancels a running run (RUN_CANCELLED appended), 409 once terminal, 404 when unknown', async () => {
    const res = await createRun({ input: { sandbox_scenario: 'long' } });
    await until(res.body.run_id, ['running']);
    const cancelled = await call(sandbox(), `/v1/api/runs/${res.body.run_id}/cancel`, { method: 'POST' });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    const run = await getRun(res.body.run_id);
    const last = await call(
      sandbox(),
      `/v1/api/runs/${run.id}/events?attemptId=${run.current_attempt_id}&afterSeq=${run.latest_seq - 1}`,
    );
    assert.equal(last.body.events[0].type, 'RUN_CANCELLED');
    const again = await call(sandbox(), `/v1/api/runs/${run.id}/cancel`, { method: 'POST' });
    assert.equal(again.status, 409);
    assert.equal((await call(sandbox(), '/v1/api/runs/nope/cancel', { method: 'POST' })).status, 404);
  });

  it('gets a run with the contract fields; 404 for unknown runs, attempts and checkpoints', async () => {
    const [run] = (await call(sandbox(), '/v1/api/runs?status=completed&limit=1')).body.items;
    for (const field of [
      'id',
      'status',
      'created_at',
      'current_attempt_id',
      'current_attempt_no',
      'latest_seq',
      'agent_id',
    ]) {
      assert.ok(field in run, field);
    }
    assert.deepEqual(await getRun(run.id), run);
    for (const path of ['/v1/api/runs/nope', '/v1/api/runs/nope/attempts', '/v1/api/runs/nope/checkpoints']) {
      assert.equal((await call(sandbox(), path)).status, 404, path);
    }
  });
});
