// Managed Agents as it looks, in a dark, a light and a high-contrast theme: a session running, one waiting for
// approval with its cards, one terminated with its cost, and the deployments tree with a failed deployment run.
// Each picture comes after what a person would check in it.
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/server';
import { createToolSession } from '../unit/claude-sandbox/helpers';
import { runCommand } from './support/palette';
import {
  type ColorTheme,
  type SandboxWorkbench,
  openAgentOsSidebar,
  openWorkbenchOnSandbox,
  panelFrame,
  screenshot,
  viewPane,
  widenSidebar,
} from './support/workbench';

const text = async (frame: Frame, id: string): Promise<string> =>
  String(await frame.evaluate(`document.getElementById('${id}')?.textContent ?? ''`));

async function until(
  page: Page,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(200);
  }
}

/**
 * Room for Managed Agents: the AgentOS connection signed in beside it (as under `npm start`) is collapsed in the
 * Runs and Triggers views, and the Agents view is folded away.
 */
async function makeRoomForClaude(page: Page): Promise<void> {
  for (const title of ['Runs', 'Triggers']) {
    const pane = viewPane(page, title);
    const header = pane.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const agentOs = pane.locator('.monaco-list-row', { hasText: /^\s*127\.0\.0\.1:\d+\s*$/ }).first();
    await agentOs.waitFor({ timeout: 30_000 });
    if ((await agentOs.getAttribute('aria-expanded')) === 'true')
      await agentOs.locator('.monaco-tl-twistie').click();
  }
  const agents = viewPane(page, 'Agents').locator('.pane-header');
  if ((await agents.getAttribute('aria-expanded')) === 'true') await agents.click();
}

/** Clicks the session's row in the Runs view (known by its title) and returns its panel. */
async function followFromTree(page: Page, sessionId: string, title: string): Promise<Frame> {
  await runCommand(page, 'AgentOS: Refresh');
  const runs = viewPane(page, 'Runs');
  const header = runs.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  const row = runs.locator('.monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  return panelFrame(page, sessionId);
}

for (const [theme, slug] of [
  ['Default Dark Modern', 'dark'],
  ['Default Light Modern', 'light'],
  ['Default High Contrast', 'high-contrast'],
] as [ColorTheme, string][]) {
  describe(`e2e: Claude Managed Agents screenshots (${slug})`, function () {
    this.timeout(300_000);
    let workbench: SandboxWorkbench;
    let sandbox: Sandbox;

    before(async () => {
      workbench = await openWorkbenchOnSandbox(
        { speed: 3, heartbeatMs: 1_000 },
        {
          colorTheme: theme,
          claude: true,
          settings: {
            'agentos.notifications': 'off',
            'git.enabled': false,
            'workbench.startupEditor': 'none',
          },
        },
      );
      sandbox = workbench.sandbox;
      await openAgentOsSidebar(workbench.page);
      await widenSidebar(workbench.page, 420);
      await makeRoomForClaude(workbench.page);
    });
    after(async () => workbench?.close());
    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && workbench)
        await screenshot(
          workbench.page,
          `claude-failure-${slug}-${this.currentTest.title.replace(/\W+/g, '-')}`,
        );
    });

    it('a session running, then waiting for approval with its cards', async () => {
      const { page } = workbench;
      const title = `Tidy the build (${slug})`;
      const sessionId = await createToolSession(sandbox, { title, scenarios: 'ask' });
      const frame = await followFromTree(page, sessionId, title);
      await frame.locator('#message').fill('Please tidy the build scripts and run the tests.');
      await frame.locator('#send').click();
      await until(page, 'the session to run', async () => /running/i.test(await text(frame, 'status')));
      await screenshot(page, `claude-session-running-${slug}`);
      const card = frame.locator('.approval').first();
      await card.waitFor({ timeout: 60_000 });
      assert.ok(await card.locator('button', { hasText: 'Allow' }).isVisible(), 'the card offers Allow');
      assert.ok(await card.locator('button', { hasText: 'Deny' }).isVisible(), 'and Deny');
      assert.match(await text(frame, 'status'), /idle — waiting for approval/);
      await screenshot(page, `claude-session-approval-${slug}`);
    });

    it('a session terminated, with its tokens and cost', async () => {
      const { page } = workbench;
      const created = await fetch(`${sandbox.claude.baseUrl}/_sandbox/claude/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.claude.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: 120, ratePerSec: 0, end: 'terminated' }),
      });
      const session = (await created.json()) as { id: string; title: string };
      const frame = await followFromTree(page, session.id, session.title);
      await until(page, 'the session to end', async () => /Ended/.test(await text(frame, 'connection')));
      assert.match(await text(frame, 'usage'), /in · .+ out · \$\d+\.\d{2}/);
      assert.match(await text(frame, 'count'), /120 events/);
      await screenshot(page, `claude-session-terminated-${slug}`);
    });

    it('the deployments tree: a deployment expanded, a failed run in red with its error', async () => {
      const { page } = workbench;
      await runCommand(page, 'View: Close All Editors');
      const triggers = viewPane(page, 'Triggers');
      const header = triggers.locator('.pane-header');
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      const deployment = triggers
        .locator('.monaco-list-row', { hasText: 'Nightly dependency report' })
        .first();
      await deployment.waitFor({ timeout: 30_000 });
      if ((await deployment.getAttribute('aria-expanded')) !== 'true')
        await deployment.locator('.monaco-tl-twistie').click();
      const failed = triggers.locator('.monaco-list-row', { hasText: /failed/ }).first();
      await failed.waitFor({ timeout: 30_000 });
      assert.ok((await failed.locator('.codicon-error').count()) > 0, 'the failed run has the error icon');
      await page.mouse.move(5, 700);
      await screenshot(page, `claude-deployments-${slug}`);
    });
  });
}
