// Claude Managed Agents as a person meets it: Sign In asks which system, offers api.anthropic.com (here the
// sandbox's Managed Agents API instead), the key and an optional workspace; the agents and sessions show; a session
// is followed in the panel until it ends.
//
// Sessions are followed from the palette, not by a click on their row: VS Code drops a click on a tree row that is
// re-rendered at that moment ("Actual command not found, wanted to execute agentos.followRun…", microsoft/vscode#173233:
// the row's command is disposed with its old rendering), and a fresh session's row is re-rendered every second (its
// age), more so right after a Refresh.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { createToolSession } from '../unit/claude-sandbox/helpers';
import { followRunFromPalette, pickSystem, runCommand, toast } from './support/palette';
import {
  type Workbench,
  openAgentOsSidebar,
  openWorkbench,
  screenshot,
  viewPane,
  widenSidebar,
} from './support/workbench';

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
});
