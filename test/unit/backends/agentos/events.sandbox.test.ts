// Backend.events() of AgentOS against the sandbox over real HTTP: an attempt's whole ledger, page by page, exactly
// as the polling endpoint has it (compared with the admin's own read of it), and a rejected key as a typed error.
import assert from 'node:assert/strict';
import type { Sandbox } from '../../../../sandbox/server';
import { createBackend } from '../../../../src/backends/registry';
import type { Backend, FollowRef } from '../../../../src/backends/types';
import { isApiError } from '../../../../src/net/errors';
import { silentLogger } from '../../../../src/util/logger';
import { admin, sandbox, type Admin } from './sandbox-fixture';

function agentOsBackend(sb: Sandbox, apiKey = sb.key): Backend {
  return createBackend({
    kind: 'agentos',
    baseUrl: sb.url,
    apiKey,
    version: 'test',
    timeoutMs: 5_000,
    proxy: {},
    logger: silentLogger,
  });
}

async function pages(backend: Backend, ref: FollowRef): Promise<unknown[][]> {
  const events = backend.events;
  assert.ok(events, 'AgentOS has events()');
  const out: unknown[][] = [];
  for await (const page of events.call(backend, ref)) out.push(page);
  return out;
}

describe('agentos backend: events() over the sandbox', () => {
  let sb: Sandbox;
  let ad: Admin;
  let backend: Backend;

  before(async () => {
    sb = await sandbox({ demo: false });
    ad = admin(sb);
    backend = agentOsBackend(sb);
  });
  after(async () => {
    backend.close();
    await sb.close();
  });

  async function newRun(body: Parameters<Admin['createRun']>[0]): Promise<FollowRef> {
    const run = await ad.createRun(body);
    return { runId: run.id, subRunId: run.current_attempt_id as string };
  }

  it('yields a short attempt whole in one page, in seq order', async () => {
    const ref = await newRun({ events: 7 });
    const got = await pages(backend, ref);
    assert.equal(got.length, 1);
    assert.deepEqual(got.flat(), await ad.pollAll(ref.runId, ref.subRunId));
    assert.deepEqual(
      got.flat().map((e) => (e as { seq: number }).seq),
      [1, 2, 3, 4, 5, 6, 7],
    );
  });

  it('yields 5,000 events over several pages, each once and in order, equal to the ledger', async () => {
    const ref = await newRun({ events: 5_000, payloadBytes: 64 });
    const got = await pages(backend, ref);
    assert.ok(got.length >= 5, `${got.length} pages`);
    const all = got.flat();
    assert.equal(all.length, 5_000);
    assert.deepEqual(all, await ad.pollAll(ref.runId, ref.subRunId));
    const seqs = all.map((e) => (e as { seq: number }).seq);
    assert.ok(seqs.every((seq, index) => seq === index + 1));
  });

  it('yields nothing for an attempt without events', async () => {
    const ref = await newRun({ events: 0 });
    assert.deepEqual(await pages(backend, ref), []);
  });

  it('a rejected key is a typed 401 error, with no page yielded', async () => {
    const ref = await newRun({ events: 3 });
    const wrong = agentOsBackend(sb, 'sk-wrong-key-123456');
    const got: unknown[][] = [];
    await assert.rejects(
      (async () => {
        for await (const page of wrong.events?.(ref) ?? []) got.push(page);
      })(),
      (error: unknown) => isApiError(error, 'unauthorized') && error.status === 401,
    );
    assert.deepEqual(got, []);
    wrong.close();
  });

  it('a run the server does not know is a typed 404 error', async () => {
    await assert.rejects(
      (async () => {
        for await (const page of backend.events?.({ runId: 'run-nope', subRunId: 'att-nope' }) ?? [])
          assert.fail(`unexpected page of ${page.length}`);
      })(),
      (error: unknown) => isApiError(error, 'notFound'),
    );
  });

  it('stops at the signal with an aborted error', async () => {
    const ref = await newRun({ events: 3_000 });
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const page of backend.events?.(ref, controller.signal) ?? []) {
          seen += page.length;
          controller.abort();
        }
      })(),
      (error: unknown) => isApiError(error, 'aborted'),
    );
    assert.equal(seen, 1_000);
  });
});
