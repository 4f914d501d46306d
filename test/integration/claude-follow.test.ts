// Following a Managed Agents session through what goes wrong and what a person does, in the real extension host
// against the sandbox: live typing that never becomes a row, an interrupt with the exact events that follow, a drop
// and a webview reload mid-follow, and a sign-out that stops every request until sign-in resumes without a gap.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox/server';
import type { FollowRunApi } from '../../src/panel/register';
import type { ProbeSnapshot, ProbeSteer } from '../../src/panel/probe-types';
import { createToolSession } from '../unit/claude-sandbox/helpers';
import { closeAllPanels, followApi, probe, range, sleep, waitFor, waitForPanel } from './support/follow';
import { claudeAdmin, listedEvents, signInToClaude } from './support/claude';
import { extraSandbox, signOutEverywhere } from './support/sandbox';

interface ClaudeStats {
  requests: number;
  byPath: Record<string, number>;
  openStreams: number;
}

describe('Claude Managed Agents: following through drops, reloads, sign-out, typing and interrupts', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let api: FollowRunApi;
  const NAME = 'Claude follow';
  const CONNECTION = 'named:claude follow';

  const admin = <T = Record<string, unknown>>(path: string, body?: unknown, method?: string) =>
    claudeAdmin<T>(sandbox, path, body, method);
  const listed = (sessionId: string) => listedEvents(sandbox, sessionId);

  const signIn = () => signInToClaude(sandbox, NAME);
  const follow = async (sessionId: string): Promise<string> =>
    (await vscode.commands.executeCommand('agentos.followRun', {
      connectionId: CONNECTION,
      runId: sessionId,
    })) as string;
  const steer = (key: string, act?: Extract<Parameters<typeof probe>[2], { op: 'steer' }>['act']) =>
    probe<ProbeSteer>(api, key, { op: 'steer', act });

  before(async () => {
    // At real speed: a message is written over a second or two, so its typing can be watched.
    sandbox = await extraSandbox({ speed: 1, heartbeatMs: 500 });
    api = await followApi();
    await signOutEverywhere();
    await signIn();
  });
  afterEach(async () => {
    await admin('/faults', undefined, 'DELETE');
  });
  after(async () => {
    await closeAllPanels(api);
    await signOutEverywhere();
    await sandbox.close();
  });

  it('types the agent’s message as it is written; the typing is never a row and the message replaces it', async () => {
    const sessionId = await createToolSession(sandbox, { title: 'Typed live', scenarios: 'chat' });
    const key = await follow(sessionId);
    await waitForPanel(api, key, (s) => /Live/.test(s.connectionText), { what: 'the stream to be live' });
    await steer(key, { do: 'send', text: 'Tell me about the migration' });
    const events = await waitFor(
      () => listed(sessionId),
      (all) => all.some((e) => e.type === 'agent.message') && all.at(-1)?.type === 'session.status_idle',
      60_000,
      'the agent to answer and idle',
    );
    const answered = await waitForPanel(api, key, (s) => s.count === events.length && s.typingText === '', {
      what: 'the answer in the panel, its typing gone',
    });
    const texts = answered.typingHistory.filter((t) => t.length > 0);
    assert.ok(new Set(texts).size >= 2, `the typing grew: ${JSON.stringify(texts)}`);
    assert.equal(
      answered.lastOrd,
      events.length,
      'rows are exactly the session’s events: none was a preview',
    );
    assert.equal(
      answered.count,
      events.length,
      'rows are exactly the session’s events: no typing became one',
    );
    const messages = await probe<ProbeSnapshot>(api, key, { op: 'search', text: texts.at(-1)!.slice(0, 24) });
    assert.ok(messages.viewCount >= 1, 'what was typed is the start of a message in the timeline');
    await probe(api, key, { op: 'search', text: '' });
  });

  it('Interrupt stops the turn: the exact events that follow are the interrupt, the end of the request, idle', async () => {
    const sessionId = await createToolSession(sandbox, { title: 'Interrupted', scenarios: 'tools' });
    const key = await follow(sessionId);
    await waitForPanel(api, key, (s) => /Live/.test(s.connectionText), { what: 'the stream to be live' });
    await steer(key, { do: 'send', text: 'Run the long job' });
    await waitFor(
      () => listed(sessionId),
      (events) => events.some((e) => e.type === 'span.model_request_start'),
      30_000,
      'the turn to be working',
    );
    const interrupted = await steer(key, { do: 'interrupt' });
    assert.equal(interrupted.status, 'Interrupting…');
    const events = await waitFor(
      () => listed(sessionId),
      (all) => all.at(-1)?.type === 'session.status_idle' && all.some((e) => e.type === 'user.interrupt'),
      30_000,
      'the session to idle after the interrupt',
    );
    const tail = events.slice(events.findIndex((e) => e.type === 'user.interrupt')).map((e) => e.type);
    assert.ok(
      [
        'user.interrupt,session.status_idle',
        'user.interrupt,span.model_request_end,session.status_idle',
      ].includes(tail.join()),
      tail.join(),
    );
    const shown = await waitForPanel(api, key, (s) => s.count === events.length, {
      what: 'the panel to show them',
      includeOrds: true,
    });
    assert.deepEqual(shown.ords, range(1, events.length), 'each once, in order');
  });

  it('a drop and a webview reload mid-follow: every event once, in order, to the end', async () => {
    const n = 2_000;
    const session = await admin<{ id: string }>('/sessions', {
      events: n,
      ratePerSec: 250,
      end: 'terminated',
    });
    // Queued before the follow: the first two streams it opens are cut after 300 events each.
    await admin('/faults', { fault: 'drop:300', times: 2, match: 'stream' });
    const key = await follow(session.id);
    await waitForPanel(api, key, (s) => s.connectionHistory.some((c) => /Reconnecting/i.test(c)), {
      what: 'the drop to be noticed',
    });
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    const done = await waitForPanel(api, key, (s) => s.count === n && /Ended/.test(s.connectionText), {
      what: 'the session to end',
      includeOrds: true,
      timeoutMs: 60_000,
    });
    assert.deepEqual(done.ords, range(1, n));
    assert.equal((await listed(session.id)).length, n);
  });

  it('sign-out stops the follow at once (no request reaches the service); sign-in resumes it without a gap', async () => {
    const n = 1_500;
    const session = await admin<{ id: string }>('/sessions', {
      events: n,
      ratePerSec: 150,
      end: 'terminated',
    });
    const key = await follow(session.id);
    await waitForPanel(api, key, (s) => s.lastOrd >= 100 && /Live/.test(s.connectionText), { what: 'live' });
    await vscode.commands.executeCommand('agentos.signOut', { connectionId: CONNECTION });
    const out = await waitForPanel(api, key, (s) => /Signed out/.test(s.connectionText), {
      what: 'the panel to say it is signed out',
    });
    assert.ok(out.buttons.includes('Sign In'), out.buttons.join());
    await sleep(300); // a request already on the wire when the key went away may still land
    const atSignOut = await admin<ClaudeStats>('/stats', undefined, 'GET');
    assert.equal(atSignOut.openStreams, 0, 'the open stream was closed at once');
    await sleep(2_000);
    const later = await admin<ClaudeStats>('/stats', undefined, 'GET');
    assert.equal(later.requests - atSignOut.requests, 0, 'no request of any kind after sign-out');
    const still = await probe(api, key, { op: 'snapshot' });
    assert.equal(still.lastOrd, out.lastOrd, 'no event arrived after sign-out');
    await signIn();
    const done = await waitForPanel(api, key, (s) => s.count === n && /Ended/.test(s.connectionText), {
      what: 'the session to end after sign-in',
      includeOrds: true,
      timeoutMs: 60_000,
    });
    assert.deepEqual(done.ords, range(1, n));
  });
});
