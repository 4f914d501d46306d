// "Claude needs your approval" in the real extension host, against the sandbox: a session no panel follows turns
// waiting for a tool confirmation and raises one notification naming the tools and the session, with Allow, Deny
// and Show; the status bar counts it. Allow and Deny send the confirmations and the session goes on with exactly
// the events that follow; a failed answer is reported; a panel in front shows cards instead of a notification.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox/server';
import type { RaisedNotification } from '../../src/core/notifications';
import type { FollowRunApi } from '../../src/panel/register';
import type { ProbeSteer } from '../../src/panel/probe-types';
import { createToolSession } from '../unit/claude-sandbox/helpers';
import { setSetting, showSidebar, sidebar, waitFor } from './sidebar-support';
import { activatedExtension } from './support/extension';
import { closeAllPanels, followApi, probe } from './support/follow';
import { signInToClaude } from './support/claude';
import { sharedSandbox, signOutEverywhere } from './support/sandbox';

const CLAUDE = 'named:claude';

interface WireEvent {
  id: string;
  type: string;
  processed_at: string | null;
  stop_reason?: { type: string; event_ids?: string[] };
  result?: string;
  tool_use_id?: string;
  deny_message?: string;
  content?: { text?: string }[];
}

async function api<T>(sandbox: Sandbox, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.claude.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${sandbox.claude.key}`,
      'anthropic-version': '2026-10-21',
      'anthropic-beta': 'managed-agents-2026-04-01',
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every event of a session, oldest first, straight from the sandbox (not through the extension). */
async function events(sandbox: Sandbox, sessionId: string): Promise<WireEvent[]> {
  const page = await api<{ data: WireEvent[] }>(
    sandbox,
    `/v1/sessions/${sessionId}/events?order=asc&limit=1000`,
  );
  return page.data;
}

async function idleFor(sandbox: Sandbox, sessionId: string, reason: string): Promise<WireEvent[]> {
  return waitFor(
    `session ${sessionId} idle (${reason})`,
    async () => {
      const all = await events(sandbox, sessionId);
      const last = all.at(-1);
      return last?.type === 'session.status_idle' && last.stop_reason?.type === reason ? all : undefined;
    },
    30_000,
  );
}

const say = (sandbox: Sandbox, sessionId: string, text: string) =>
  api(sandbox, `/v1/sessions/${sessionId}/events`, {
    events: [{ type: 'user.message', content: [{ type: 'text', text }] }],
  });

describe('Claude approvals: notification, status bar, no panel needed', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let follow: FollowRunApi;
  let raised: RaisedNotification[];

  before(async () => {
    sandbox = await sharedSandbox();
    follow = await followApi();
    raised = (await activatedExtension()).exports.notifier.raised;
    await closeAllPanels(follow);
    await signOutEverywhere();
    await signInToClaude(sandbox, 'Claude');
    await setSetting('runs.refreshIntervalSeconds', 1);
    await showSidebar();
  });
  after(async () => {
    await closeAllPanels(follow);
    await setSetting('runs.refreshIntervalSeconds', undefined);
    await signOutEverywhere();
  });

  /** A new session in the Runs list (so it is polled), sent a message that makes it ask, and its notification. */
  async function askingSession(
    title: string,
  ): Promise<{ id: string; waits: string[]; note: RaisedNotification }> {
    const id = await createToolSession(sandbox, { title, scenarios: 'ask' });
    const { store } = await sidebar();
    store.refresh(CLAUDE);
    await store.ensureRunList(CLAUDE);
    assert.equal(store.run(CLAUDE, id)?.status, 'idle');
    await say(sandbox, id, 'Please ship it');
    const asked = await idleFor(sandbox, id, 'requires_action');
    const waits = asked.at(-1)?.stop_reason?.event_ids ?? [];
    assert.ok(waits.length > 0);
    const note = await waitFor(
      'the approval notification',
      () => raised.find((n) => n.kind === 'approval' && n.runId === id),
      30_000,
    );
    return { id, waits, note };
  }

  /** Event types (and answers) after the wait, up to the end of the turn. */
  function afterWait(all: WireEvent[]): string[] {
    const from = all.findIndex((e) => e.type === 'user.tool_confirmation');
    return all
      .slice(from)
      .map((e) =>
        e.type === 'user.tool_confirmation'
          ? `${e.type} ${e.result} ${e.tool_use_id}${e.deny_message ? ` “${e.deny_message}”` : ''}`
          : e.type === 'session.status_idle'
            ? `${e.type} ${e.stop_reason?.type}`
            : e.type,
      );
  }

  let allowed: { id: string; waits: string[]; note: RaisedNotification };

  it('a session no panel follows raises one notification naming the tools and the session; the status bar counts it', async () => {
    allowed = await askingSession('Ship the fix');
    const { id, waits, note } = allowed;
    const one = waits.length === 1;
    assert.match(
      note.text,
      one
        ? /^Claude needs your approval: \S+ `.+` in session “Ship the fix” \(.+\)\.$/
        : /^Claude needs your approval for \d tool uses in session “Ship the fix” \(.+\): .+\. Allow All and Deny All answer each\.$/,
    );
    assert.deepEqual(note.actions, one ? ['Allow', 'Deny', 'Show'] : ['Allow All', 'Deny All', 'Show']);
    assert.ok(
      !raised.some((n) => n.kind === 'status' && n.runId === id),
      'no plain "waiting for human input" beside it',
    );
    assert.equal(follow.panels().length, 0, 'no panel follows it');
    const bar = follow.statusBar();
    assert.equal(bar.visible, true);
    assert.equal(bar.text, '$(bell-dot) 1 needs approval');
    const tooltip = bar.tooltip.replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /Waiting for your approval/);
    assert.match(tooltip, /Ship the fix/);

    const { poller } = await sidebar();
    const polled = poller.requests;
    await waitFor('two more polls', () => poller.requests >= polled + 2, 15_000);
    assert.equal(
      raised.filter((n) => n.kind === 'approval' && n.runId === id).length,
      1,
      'once, not per poll',
    );
  });

  it('Allow sends a confirmation for each tool use; the session goes on; the status bar clears', async () => {
    const { id, waits, note } = allowed;
    await note.choose(note.actions[0] as string);
    assert.equal(follow.statusBar().visible, false, 'gone as soon as the answers went (no panel is open)');
    const all = await idleFor(sandbox, id, 'end_turn');
    const results = waits.map((w) =>
      all.find((e) => e.id === w)?.type === 'agent.mcp_tool_use'
        ? 'agent.mcp_tool_result'
        : 'agent.tool_result',
    );
    assert.deepEqual(afterWait(all), [
      ...waits.map((w) => `user.tool_confirmation allow ${w}`),
      'session.status_running',
      ...results,
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.usage',
      'session.status_idle end_turn',
    ]);
    assert.ok(!raised.some((n) => n.kind === 'answerFailed' && n.runId === id));
  });

  it('an answer that fails says what, where and why', async () => {
    const { id, note } = allowed;
    await note.choose(note.actions[0] as string);
    const failed = raised.find((n) => n.kind === 'answerFailed' && n.runId === id);
    assert.ok(failed, 'a failure notification');
    assert.match(
      failed.text,
      /^Could not allow .+ in session “Ship the fix”: .*no tool use awaiting confirmation/,
    );
    assert.deepEqual(failed.actions, ['Show']);
  });

  it('Show opens the session in a panel (its cards wait there); Deny sends the reason for each; the session goes on', async () => {
    const { id, waits, note } = await askingSession('Push to main');
    await note.choose('Show');
    const panel = await waitFor('a panel following the session', () =>
      follow.panels().find((p) => p.target.runId === id && p.summary.approvals === waits.length),
    );
    const steer = await waitFor('the cards in the panel', async () => {
      const seen = await probe<ProbeSteer>(follow, panel.key, { op: 'steer' });
      return seen.cards.length > 0 ? seen : undefined;
    });
    assert.deepEqual(
      steer.cards.map((c) => c.id),
      waits,
      'the same tool uses wait as cards',
    );
    await note.choose(note.actions[1] as string, { reason: 'Not on main, please' });
    const all = await idleFor(sandbox, id, 'end_turn');
    assert.deepEqual(afterWait(all), [
      ...waits.map((w) => `user.tool_confirmation deny ${w} “Not on main, please”`),
      'session.status_running',
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.usage',
      'session.status_idle end_turn',
    ]);
    const reply = all.filter((e) => e.type === 'agent.message').at(-1);
    assert.match(reply?.content?.[0]?.text ?? '', /Not on main, please/);
    await closeAllPanels(follow);
  });

  it('a session whose panel is in front shows cards there and raises no notification', async () => {
    const id = await createToolSession(sandbox, { title: 'Watched', scenarios: 'ask' });
    const key = (await vscode.commands.executeCommand('agentos.followRun', {
      connectionId: CLAUDE,
      runId: id,
    })) as string;
    await waitFor('the panel live', () =>
      follow.panels().find((p) => p.key === key && p.summary.connection.kind === 'live'),
    );
    await say(sandbox, id, 'Go ahead');
    const asked = await idleFor(sandbox, id, 'requires_action');
    const waits = asked.at(-1)?.stop_reason?.event_ids ?? [];
    await waitFor('the cards in the panel', () =>
      follow.panels().find((p) => p.key === key && p.summary.approvals === waits.length),
    );
    await waitFor('the status bar to count it', () =>
      /^\$\(bell-dot\) 1 needs approval · /.test(follow.statusBar().text),
    );
    assert.ok(!raised.some((n) => n.runId === id), 'no notification: the cards are in front');
    await closeAllPanels(follow);
  });
});
