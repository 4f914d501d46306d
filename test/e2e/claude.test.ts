// Claude Managed Agents as a person meets it: Sign In asks which system, offers api.anthropic.com (here the
// sandbox's Managed Agents API instead), the key and an optional workspace; the agents and sessions show; a session
// is followed in the panel until it ends; a session steered from its panel; and "Claude needs your approval" with no
// panel open: the notification, the status bar's count, and Allow answering it
// (test-results/e2e/claude-approval-notification.png).
//
// Sessions are followed from the palette, not by a click on their row: VS Code drops a click on a tree row that is
// re-rendered at that moment ("Actual command not found, wanted to execute agentos.followRun…", microsoft/vscode#173233:
// the row's command is disposed with its old rendering), and a fresh session's row is re-rendered every second (its
// age), more so right after a Refresh.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { createToolSession, raw, userMessage } from '../unit/claude-sandbox/helpers';
import { followRunFromPalette, pickSystem, runCommand, toast } from './support/palette';
import {
  type Workbench,
  openAgentOsSidebar,
  openWorkbench,
  screenshot,
  viewPane,
  widenSidebar,
} from './support/workbench';

interface WireEvent {
  id: string;
  type: string;
  stop_reason?: { type: string; event_ids?: string[] };
  tool_use_id?: string;
  result?: string;
}

async function sessionEvents(sandbox: Sandbox, id: string): Promise<WireEvent[]> {
  return (
    (await raw(sandbox, `/v1/sessions/${id}/events?order=asc&limit=1000`)).body as { data: WireEvent[] }
  ).data;
}

/** Polls the sandbox (not the extension) until `test` holds for the session's events. */
async function eventsUntil(
  sandbox: Sandbox,
  id: string,
  what: string,
  test: (events: WireEvent[]) => boolean,
): Promise<WireEvent[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const events = await sessionEvents(sandbox, id);
    if (test(events)) return events;
    if (Date.now() > deadline) throw new Error(`${what}: ${events.map((e) => e.type).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const APPROVAL_TITLE = 'Publish the release notes';

const input = (page: Page) => page.locator('.quick-input-widget input.input');

async function title(page: Page, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: text }).waitFor();
}

describe('e2e: Claude Managed Agents, signed in and followed as a person does it', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0, speed: 5 });
    workbench = await openWorkbench({ settings: { 'git.enabled': false } });
  });
  after(async () => {
    await workbench?.close();
    await sandbox?.close();
  });

  it('Sign In: which system, the URL (api.anthropic.com by default), the key, an optional workspace', async () => {
    const { page } = workbench;
    await openAgentOsSidebar(page);
    await runCommand(page, 'AgentOS: Sign In');
    await pickSystem(page, 'Claude Managed Agents');
    await title(page, 'Sign In to Claude (1/3)');
    assert.equal(await input(page).inputValue(), 'https://api.anthropic.com');
    await input(page).fill(sandbox.claude.baseUrl);
    await page.keyboard.press('Enter');
    await title(page, 'Sign In to Claude (2/3)');
    await input(page).fill(sandbox.claude.key);
    await page.keyboard.press('Enter');
    await title(page, 'Sign In to Claude (3/3)');
    await page.keyboard.press('Enter');
    await toast(page, 'Signed in to Claude.').waitFor({ timeout: 30_000 });
    await viewPane(page, 'Agents').locator('.monaco-list-row').first().waitFor({ timeout: 30_000 });
    const agents = await viewPane(page, 'Agents').locator('.monaco-list-row .label-name').allInnerTexts();
    assert.equal(agents.length, 6, agents.join(', '));
  });

  it('a session shows by its title and follows in the panel, to its end', async () => {
    const { page } = workbench;
    const created = await fetch(`${sandbox.claude.baseUrl}/_sandbox/claude/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.claude.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: 60, ratePerSec: 20, end: 'terminated' }),
    });
    const session = (await created.json()) as { id: string; title: string | null };
    await runCommand(page, 'AgentOS: Refresh');
    const runs = viewPane(page, 'Runs');
    const header = runs.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    // A session is known by its title in the tree.
    const row = runs.locator('.monaco-list-row', { hasText: session.title ?? 'no title' }).first();
    await row.waitFor({ timeout: 30_000 });
    const frame = await followRunFromPalette(page, session.id, { listed: true });
    const deadline = Date.now() + 60_000;
    let connection = '';
    while (Date.now() < deadline) {
      connection = String(await frame.evaluate(`document.getElementById('connection')?.textContent ?? ''`));
      if (/Ended/.test(connection)) break;
      await page.waitForTimeout(200);
    }
    assert.match(connection, /Ended/);
    const count = String(await frame.evaluate(`document.getElementById('count')?.textContent ?? ''`));
    assert.match(count, /60 events/);
    await widenSidebar(page, 420);
    await screenshot(page, 'claude-session-followed');
  });

  it('steers a session from the panel: a message, then an approval card, allowed', async () => {
    const { page } = workbench;
    const sessionId = await createToolSession(sandbox, {
      title: 'Clean up the build scripts',
      scenarios: 'ask',
    });
    await runCommand(page, 'AgentOS: Refresh');
    const row = viewPane(page, 'Runs')
      .locator('.monaco-list-row', { hasText: 'Clean up the build scripts' })
      .first();
    await row.waitFor({ timeout: 30_000 });
    const frame = await followRunFromPalette(page, sessionId, { listed: true });
    await frame.locator('#message').fill('Please tidy the build scripts and run the tests.');
    await frame.locator('#send').click();
    const card = frame.locator('.approval').first();
    await card.waitFor({ timeout: 60_000 });
    assert.match(await card.innerText(), /Approve/);
    await screenshot(page, 'claude-approval-cards');
    await card.locator('button', { hasText: 'Allow' }).click();
    await frame.locator('.approval-allowed').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'claude-approval-allowed');
  });

  it('a notification and the status bar say what waits, and Allow answers it with no panel open', async () => {
    const { page } = workbench;
    const id = await createToolSession(sandbox, { title: APPROVAL_TITLE, scenarios: 'ask' });
    // The session is listed (so the extension keeps it fresh); no panel follows it.
    await runCommand(page, 'AgentOS: Refresh');
    await viewPane(page, 'Runs')
      .locator('.monaco-list-row', { hasText: APPROVAL_TITLE })
      .first()
      .waitFor({ timeout: 30_000 });
    const sent = await raw(sandbox, `/v1/sessions/${id}/events`, {
      method: 'POST',
      body: { events: [userMessage('Please publish them')] },
    });
    assert.equal(sent.status, 200, sent.text);
    const asked = await eventsUntil(
      sandbox,
      id,
      'the session asks',
      (events) => events.at(-1)?.stop_reason?.type === 'requires_action',
    );
    const waiting = asked.at(-1)?.stop_reason?.event_ids ?? [];
    assert.ok(waiting.length > 0, 'tool uses wait');

    const toast = page.locator('.notification-toast', { hasText: 'Claude needs your approval' });
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), new RegExp(`session “${APPROVAL_TITLE}”`));
    const count = page.locator('.statusbar-item', { hasText: /needs approval/ });
    await count.waitFor({ timeout: 10_000 });
    // The count comes first; the sessions that panels follow may follow it in the same item.
    assert.match((await count.innerText()).trim(), new RegExp(`^${waiting.length} needs approval( ·|$)`));
    await page.mouse.move(900, 400);
    await screenshot(page, 'claude-approval-notification');

    const allow = waiting.length > 1 ? 'Allow All' : 'Allow';
    await toast.locator('.monaco-button', { hasText: new RegExp(`^${allow}$`) }).click();
    const answered = await eventsUntil(sandbox, id, 'the answers and the session going on', (events) => {
      const answers = events.filter((e) => e.type === 'user.tool_confirmation');
      return answers.length === waiting.length && events.at(-1)?.type !== 'user.tool_confirmation';
    });
    const answers = answered.filter((e) => e.type === 'user.tool_confirmation');
    assert.deepEqual(
      answers.map((e) => e.tool_use_id).sort(),
      [...waiting].sort(),
      'each waiting tool use answered',
    );
    assert.ok(answers.every((e) => e.result === 'allow'));
    const after = answered.slice(answered.indexOf(answers.at(-1)!) + 1).map((e) => e.type);
    assert.ok(after.includes('session.status_running'), `the session went on: ${after.join(', ')}`);
    await toast.waitFor({ state: 'detached', timeout: 10_000 });
    await count.waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
