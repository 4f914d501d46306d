// What a person sees with data: the sidebar signed in to a sandbox (development mode hands the key over),
// agents, runs and triggers expanded, in a light and a dark theme. Screenshots go to test-results/e2e/.
import assert from 'node:assert/strict';
import type { Sandbox } from '../../sandbox/server';
import {
  type SandboxWorkbench,
  openAgentOsSidebar,
  openWorkbenchOnSandbox,
  screenshot,
  selectColorTheme,
  viewPane,
  widenSidebar,
} from './support/workbench';

for (const [theme, slug] of [
  ['Default Light Modern', 'light'],
  ['Default Dark Modern', 'dark'],
] as const) {
  describe(`e2e: the AgentOS sidebar with data (${slug})`, function () {
    this.timeout(180_000);
    let sandbox: Sandbox;
    let workbench: SandboxWorkbench;

    before(async () => {
      workbench = await openWorkbenchOnSandbox({ speed: 5 }, { settings: { 'git.enabled': false } });
      sandbox = workbench.sandbox;
    });
    after(async () => workbench?.close());

    it('shows agents with status icons, runs newest first and triggers grouped by agent', async () => {
      const { page } = workbench;
      await openAgentOsSidebar(page);
      const agents = viewPane(page, 'Agents');
      const runs = viewPane(page, 'Runs');
      const triggers = viewPane(page, 'Triggers');
      await agents.locator('.monaco-list-row', { hasText: 'Support Concierge' }).waitFor({ timeout: 60_000 });
      // Themes come from built-in extensions that load after the workbench: pick the theme once they are there.
      await selectColorTheme(page, theme);
      await widenSidebar(page, 560);
      // Expand the Runs and Triggers panes when collapsed.
      for (const pane of [runs, triggers]) {
        const header = pane.locator('.pane-header');
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      }
      await runs.locator('.monaco-list-row .codicon-sync').first().waitFor({ timeout: 30_000 });
      await triggers.locator('.monaco-list-row', { hasText: 'Support inbox' }).waitFor({ timeout: 30_000 });
      // Open one agent to show its triggers and recent runs.
      await agents.locator('.monaco-list-row', { hasText: 'Order Tracker' }).click();
      await agents.locator('.monaco-list-row', { hasText: 'Order webhook' }).waitFor({ timeout: 30_000 });
      assert.ok(
        (await runs.locator('.monaco-list-row .codicon-pass').count()) > 0,
        'completed runs show a pass icon',
      );
      assert.ok(
        (await runs.locator('.monaco-list-row .codicon-error').count()) > 0,
        'failed runs show an error icon',
      );
      assert.ok((await runs.locator('.monaco-list-row .codicon-person').count()) > 0, 'waiting for human');
      const text = await page.locator('.sidebar').innerText();
      for (const secret of ['cw-support-token', 'cw-sales-token', 'evo-leads-key', sandbox.key])
        assert.ok(!text.includes(secret), `${secret} visible in the sidebar`);
      await page.mouse.move(5, 700);
      await screenshot(page, `sidebar-data-${slug}`);
    });

    it('hovering a run shows the inline Follow action', async () => {
      const { page } = workbench;
      const runs = viewPane(page, 'Runs');
      const row = runs.locator('.monaco-list-row').first();
      await row.hover();
      await row.locator('.actions .action-label').first().waitFor({ timeout: 10_000 });
      await screenshot(page, `sidebar-data-${slug}-hover`);
    });
  });
}
