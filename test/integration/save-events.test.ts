// Save Run Events as JSONL in the real extension host against the sandbox: the file holds one JSON line per event,
// exactly the run's events as the server lists them, in order (AgentOS and Managed Agents, from the panel's button
// message and from the command); a cancel or a sign-out mid-save leaves no file (and an older one as it was) and
// says why.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox/server';
import type { FollowRunApi } from '../../src/panel/register';
import type { SaveOutcome } from '../../src/panel/save-events';
import { claudeAdmin, listedEvents, signInToClaude } from './support/claude';
import { admin, closeAllPanels, followApi, scriptedRun, waitFor, waitForPanel } from './support/follow';
import { sharedSandbox, signInToSandbox, signOutEverywhere } from './support/sandbox';

const CLAUDE_NAME = 'Claude save';
const CLAUDE_CONNECTION = 'named:claude save';

/** Every event of an attempt as the polling endpoint lists it. */
async function ledger(sandbox: Sandbox, runId: string, attemptId: string): Promise<unknown[]> {
  const out: { seq: number }[] = [];
  for (;;) {
    const page = await admin<{ events: { seq: number }[]; has_more: boolean }>(
      sandbox,
      'GET',
      `/v1/api/runs/${runId}/events?attemptId=${attemptId}&afterSeq=${out.at(-1)?.seq ?? 0}&limit=1000`,
    );
    out.push(...page.events);
    if (!page.has_more || page.events.length === 0) return out;
  }
}

/** The file's lines, each parsed (every line must be JSON; the file ends with a newline). */
function readLines(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.endsWith('\n'), 'the file ends with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

const save = (arg?: unknown): Promise<SaveOutcome | undefined> =>
  Promise.resolve(vscode.commands.executeCommand<SaveOutcome | undefined>('agentos.saveEvents', arg));

describe('save events as JSONL', function () {
  this.timeout(120_000);
  let api: FollowRunApi;
  let sandbox: Sandbox;
  let dir: string;

  before(async () => {
    api = await followApi();
    await signOutEverywhere();
    sandbox = await sharedSandbox();
    await signInToSandbox({ sandbox });
    await signInToClaude(sandbox, CLAUDE_NAME);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'agentos-save-'));
  });
  afterEach(async () => {
    api.setSaveTarget(undefined);
    await admin(sandbox, 'DELETE', '/_sandbox/faults');
    await claudeAdmin(sandbox, '/faults', undefined, 'DELETE');
    await closeAllPanels(api);
  });
  after(async () => {
    await signOutEverywhere();
  });

  it("AgentOS: the panel's Save Events writes every event of the attempt, one JSON line each, in seq order", async () => {
    const run = await scriptedRun(sandbox, { events: 3_000, payloadBytes: 100 });
    const attemptId = run.current_attempt_id as string;
    const key = (await vscode.commands.executeCommand('agentos.followRun', { runId: run.id })) as string;
    const file = join(dir, `${run.id}.jsonl`);
    api.setSaveTarget(vscode.Uri.file(file));
    // As the panel's button does: the webview posts `saveEvents`.
    api.message(key, { type: 'saveEvents' });
    await waitFor(
      async () => existsSync(file),
      (there) => there,
      60_000,
      'the file',
    );
    const lines = readLines(file);
    assert.equal(lines.length, 3_000);
    assert.deepEqual(lines, await ledger(sandbox, run.id, attemptId));
    assert.deepEqual(readdirSync(dir), [`${run.id}.jsonl`], 'nothing else is left beside it');
  });

  it('AgentOS: the command saves the panel in front and says how many events went where', async () => {
    const run = await scriptedRun(sandbox, { events: 250 });
    const key = (await vscode.commands.executeCommand('agentos.followRun', { runId: run.id })) as string;
    await waitForPanel(api, key, (s) => s.lastOrd === 250, { what: 'the run in the panel' });
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, 'an older file\n');
    api.setSaveTarget(vscode.Uri.file(file));
    const outcome = await save();
    assert.deepEqual(outcome, {
      kind: 'saved',
      file,
      count: 250,
      message: `Saved 250 events to ${file}`,
    });
    assert.deepEqual(readLines(file), await ledger(sandbox, run.id, run.current_attempt_id as string));
  });

  it('Managed Agents: the command from a session (as a tree item names it) writes the session’s events in order', async () => {
    const session = await claudeAdmin<{ id: string }>(sandbox, '/sessions', { events: 2_500 });
    const file = join(dir, 'session.jsonl');
    api.setSaveTarget(vscode.Uri.file(file));
    const outcome = await save({ connectionId: CLAUDE_CONNECTION, runId: session.id });
    assert.equal(outcome?.kind, 'saved', JSON.stringify(outcome));
    assert.equal(outcome.kind === 'saved' && outcome.count, 2_500);
    const lines = readLines(file);
    assert.equal(lines.length, 2_500);
    assert.deepEqual(lines, await listedEvents(sandbox, session.id));
  });

  it('Managed Agents: the panel of a followed session saves what the service lists', async () => {
    const session = await claudeAdmin<{ id: string }>(sandbox, '/sessions', { events: 40 });
    const key = (await vscode.commands.executeCommand('agentos.followRun', {
      connectionId: CLAUDE_CONNECTION,
      runId: session.id,
    })) as string;
    await waitForPanel(api, key, (s) => s.lastOrd === 40, { what: 'the session in the panel' });
    const file = join(dir, 'followed.jsonl');
    api.setSaveTarget(vscode.Uri.file(file));
    const outcome = await save();
    assert.equal(outcome?.kind, 'saved', JSON.stringify(outcome));
    assert.deepEqual(readLines(file), await listedEvents(sandbox, session.id));
  });

  it('a cancel mid-save leaves no file, keeps the older one as it was, and says so', async () => {
    const run = await scriptedRun(sandbox, { events: 20 });
    const key = (await vscode.commands.executeCommand('agentos.followRun', { runId: run.id })) as string;
    await waitForPanel(api, key, (s) => s.lastOrd === 20 && s.connectionText.includes('Ended'), {
      what: 'the run to end in the panel',
    });
    const file = join(dir, 'cancelled.jsonl');
    writeFileSync(file, 'an older file\n');
    api.setSaveTarget(vscode.Uri.file(file));
    await admin(sandbox, 'POST', '/_sandbox/stats/reset');
    // The next events request is never answered: the save waits on it until cancelled.
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'hang', match: 'events' });
    const saving = save();
    await waitFor(
      () => admin<{ byPath: Record<string, number> }>(sandbox, 'GET', '/_sandbox/stats'),
      (stats) => Object.keys(stats.byPath).some((path) => path === `/v1/api/runs/${run.id}/events`),
      30_000,
      'the save to ask for the events',
    );
    api.cancelSaves();
    const outcome = await saving;
    assert.deepEqual(outcome, {
      kind: 'cancelled',
      message: `Saving the events of run ${run.id} was cancelled; no file was written.`,
    });
    assert.equal(readFileSync(file, 'utf8'), 'an older file\n');
    assert.deepEqual(readdirSync(dir), ['cancelled.jsonl'], 'no partial file is left');
  });

  it('a sign-out mid-save leaves no file and says the connection was closed; signed out, it says so at once', async () => {
    const run = await scriptedRun(sandbox, { events: 30 });
    const file = join(dir, 'signed-out.jsonl');
    api.setSaveTarget(vscode.Uri.file(file));
    await admin(sandbox, 'POST', '/_sandbox/stats/reset');
    await admin(sandbox, 'POST', '/_sandbox/faults', { fault: 'hang', match: 'events' });
    // As a tree item of the run names it (no panel).
    const saving = save({ connectionId: 'default', runId: run.id });
    await waitFor(
      () => admin<{ byPath: Record<string, number> }>(sandbox, 'GET', '/_sandbox/stats'),
      (stats) => Object.keys(stats.byPath).some((path) => path === `/v1/api/runs/${run.id}/events`),
      30_000,
      'the save to ask for the events',
    );
    await vscode.commands.executeCommand('agentos.signOut', { connectionId: 'default' });
    const outcome = await saving;
    assert.equal(outcome?.kind, 'failed', JSON.stringify(outcome));
    assert.match(
      outcome.kind === 'failed' ? outcome.message : '',
      /^Could not save the events of run .+: The connection to .+ was closed \(signed out/,
    );
    assert.deepEqual(readdirSync(dir), [], 'no file, not even a partial one');

    // The panel of a session whose connection is signed out: nothing is asked, the message says why.
    const session = await claudeAdmin<{ id: string }>(sandbox, '/sessions', { events: 5 });
    const key = (await vscode.commands.executeCommand('agentos.followRun', {
      connectionId: CLAUDE_CONNECTION,
      runId: session.id,
    })) as string;
    await waitForPanel(api, key, (s) => s.lastOrd === 5, { what: 'the session in the panel' });
    await vscode.commands.executeCommand('agentos.signOut', { connectionId: CLAUDE_CONNECTION });
    assert.deepEqual(await save(), {
      kind: 'failed',
      message: `Could not save the events of run ${session.id}: signed out. Sign in and try again.`,
    });
    assert.deepEqual(readdirSync(dir), []);
  });
});
