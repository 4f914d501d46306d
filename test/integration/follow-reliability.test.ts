// Follow Run when things go wrong in ways a person meets in the first minutes: an event cut on every connection,
// a stream that gives up, a finished run that must not be polled, and the key going away (sign-out) or changing
// mid-follow. Every count is read at the sandbox, so what "nothing was sent" means is what the server saw.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProbeScan, ProbeSnapshot } from '../../src/panel/probe-types';
import type { FollowRunApi } from '../../src/panel/register';
import type { Sandbox } from '../../sandbox/server';
import {
  admin,
  closeAllPanels,
  followApi,
  probe,
  range,
  scriptedRun,
  sleep,
  waitForPanel,
} from './support/follow';
import { signInToSandbox } from './support/sandbox';

interface Stats {
  requests: number;
  byPath: Record<string, number>;
  byKey: Record<string, number>;
  openStreams: number;
}

const followRun = async (runId: string): Promise<string> => {
  const key = (await vscode.commands.executeCommand('agentos.followRun', { runId })) as string | undefined;
  assert.ok(key, 'agentos.followRun returns the panel key');
  return key;
};

const ended = (n: number) => (s: ProbeSnapshot) =>
  s.lastOrd === n && s.connectionText.includes('Ended') && !s.loadingEarlier;

async function untilEndedWithEverySeq(api: FollowRunApi, key: string, n: number): Promise<ProbeSnapshot> {
  const done = await waitForPanel(api, key, ended(n), { what: 'the run to end', includeOrds: true });
  assert.deepEqual(done.ords, range(1, n));
  const scan = await probe<ProbeScan>(api, key, { op: 'scan' });
  assert.deepEqual(scan.ords, range(1, n), 'scrolling through the DOM shows 1..N');
  return done;
}

/** Requests the sandbox received for one run (its JSON, attempts, events, stream). */
function runRequests(stats: Stats, runId: string): number {
  let n = 0;
  for (const [path, count] of Object.entries(stats.byPath))
    if (path.startsWith(`/v1/api/runs/${runId}`)) n += count;
  return n;
}

describe('follow run: reliability (cut frames, failures, polling, sign-out, key changes)', function () {
  this.timeout(120_000);
  let api: FollowRunApi;
  let sandbox: Sandbox;
  const settings = () => vscode.workspace.getConfiguration('agentos');
  const stats = () => admin<Stats>(sandbox, 'GET', '/_sandbox/stats');

  before(async () => {
    api = await followApi();
    sandbox = await signInToSandbox();
  });
  afterEach(async () => {
    await admin(sandbox, 'DELETE', '/_sandbox/faults');
    await closeAllPanels(api);
    for (const key of ['stream.maxReconnects', 'runs.refreshIntervalSeconds'])
      await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    // Leave the extension signed in with the sandbox's own key for the suites that follow.
    await signInToSandbox();
  });

  it('gets past an event that the stream cuts on every connection (polling fetches it), then streams on', async () => {
    const n = 400;
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'cut:150', times: 1_000, match: 'stream' });
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0, payloadBytes: 2_000 });
    const key = await followRun(run.id);
    const done = await untilEndedWithEverySeq(api, key, n);
    assert.ok(!done.connectionHistory.some((s) => /failed/i.test(s)), done.connectionHistory.join(' | '));
  });

  it('says in the panel itself why the stream failed, and Retry goes on from there', async () => {
    const n = 120;
    await settings().update('stream.maxReconnects', 1, vscode.ConfigurationTarget.Global);
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0 });
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'status:503', times: 50, match: 'events' });
    const key = await followRun(run.id);
    const failed = await waitForPanel(api, key, (s) => /Stream failed/.test(s.connectionText), {
      what: 'the stream to fail',
    });
    assert.match(failed.noticeText, /^Stream failed: gave up after 1 reconnect: .*HTTP 503/);
    assert.ok(failed.buttons.includes('Retry'), failed.buttons.join());
    await admin(sandbox, 'DELETE', '/_sandbox/faults');
    await probe(api, key, { op: 'click', target: 'retry' });
    const done = await untilEndedWithEverySeq(api, key, n);
    assert.equal(done.noticeText, '', 'the notice goes once the stream works');
  });

  it('asks nothing more about a run once its attempt has ended', async () => {
    await settings().update('runs.refreshIntervalSeconds', 1, vscode.ConfigurationTarget.Global);
    const n = 60;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 0 });
    const key = await followRun(run.id);
    await waitForPanel(api, key, ended(n), { what: 'the run to end' });
    await sleep(1_500); // the one look for a new attempt, a second after the end
    const before = runRequests(await stats(), run.id);
    await sleep(4_000);
    assert.equal(runRequests(await stats(), run.id) - before, 0, 'requests about the run after it ended');
  });

  it('asks nothing about a run whose stream is live: the stream says how it stands', async () => {
    await settings().update('runs.refreshIntervalSeconds', 1, vscode.ConfigurationTarget.Global);
    const run = await scriptedRun(sandbox, { events: 5_000, ratePerSec: 100 });
    const key = await followRun(run.id);
    await waitForPanel(api, key, (s) => s.lastOrd >= 50 && /Live/.test(s.connectionText));
    const before = (await stats()).byPath[`/v1/api/runs/${run.id}`] ?? 0;
    await sleep(4_000);
    const after = (await stats()).byPath[`/v1/api/runs/${run.id}`] ?? 0;
    assert.equal(after - before, 0, 'GET of the run while its stream was live');
  });

  it('sign-out stops the follow at once (nothing more reaches the server) and says so; sign-in resumes it', async () => {
    const n = 1_500;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 150 });
    const key = await followRun(run.id);
    await waitForPanel(api, key, (s) => s.lastOrd >= 100 && /Live/.test(s.connectionText));
    await vscode.commands.executeCommand('agentos.signOut', { connectionId: 'default' });
    const out = await waitForPanel(api, key, (s) => /Signed out/.test(s.connectionText), {
      what: 'the panel to say it is signed out',
    });
    assert.match(
      out.noticeText,
      /Signed out of .+: nothing is sent with the old key\. Sign in to go on after event #\d+\./,
    );
    assert.ok(out.buttons.includes('Sign In'), out.buttons.join());
    assert.ok(!out.buttons.includes('Stop'));
    await sleep(300); // a request already on the wire when the key went away may still land
    const atSignOut = await stats();
    assert.equal(atSignOut.openStreams, 0, 'the open stream was closed at once');
    await sleep(2_500);
    const later = await stats();
    assert.equal(runRequests(later, run.id) - runRequests(atSignOut, run.id), 0, 'requests after sign-out');
    assert.equal(later.requests - atSignOut.requests, 0, 'no request of any kind after sign-out');
    const still = await probe(api, key, { op: 'snapshot' });
    assert.equal(still.lastOrd, out.lastOrd, 'no event arrived after sign-out');
    await signInToSandbox();
    const done = await untilEndedWithEverySeq(api, key, n);
    assert.equal(done.noticeText, '');
  });

  it('a key change moves the follow to the new key at once, without a gap or a duplicate', async () => {
    const n = 1_500;
    const rotated = 'sandbox-key-rotated-2f9c';
    const { label } = await admin<{ label: string }>(sandbox, 'POST', '/_sandbox/keys', { key: rotated });
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 150 });
    const key = await followRun(run.id);
    await waitForPanel(api, key, (s) => s.lastOrd >= 100 && /Live/.test(s.connectionText));
    const before = await stats();
    await vscode.commands.executeCommand('agentos.signIn', { baseUrl: sandbox.url, apiKey: rotated });
    await sleep(300); // a request already on the wire when the key changed may still land
    const changed = await stats();
    // Besides sign-in's own check, the follow opened a new stream of the run: the old one is gone.
    assert.ok(runRequests(changed, run.id) > runRequests(before, run.id), 'a new stream after the change');
    assert.equal(changed.openStreams, 1);
    await waitForPanel(api, key, (s) => s.lastOrd >= 400, { what: 'events after the key change' });
    const later = await stats();
    assert.equal((later.byKey.key1 ?? 0) - (changed.byKey.key1 ?? 0), 0, 'requests with the old key');
    assert.ok((later.byKey[label] ?? 0) >= (changed.byKey[label] ?? 0) && (changed.byKey[label] ?? 0) >= 2);
    await untilEndedWithEverySeq(api, key, n);
  });
});
