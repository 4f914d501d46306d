// What a person sees: the AgentOS icon in the activity bar opens a sidebar with three views and, while not
// signed in, welcome content with a Sign In button.
import assert from 'node:assert/strict';
import { type Workbench, openAgentOsSidebar, openWorkbench, screenshot, viewPane } from './support/workbench';

describe('e2e: the AgentOS sidebar, signed out', function () {
  this.timeout(120_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => workbench?.close());

  it('shows the AgentOS icon in the activity bar', async () => {
    const icon = workbench.page.locator('.activitybar .action-item a[aria-label^="AgentOS"]').first();
    await icon.waitFor({ timeout: 60_000 });
    assert.equal(await icon.isVisible(), true);
  });

  it('opens a sidebar with the Agents, Runs and Triggers views', async () => {
    const { page } = workbench;
    await openAgentOsSidebar(page);
    for (const title of ['Agents', 'Runs', 'Triggers']) {
      await viewPane(page, title).waitFor({ timeout: 30_000 });
    }
  });

  it('shows the not-connected welcome content with a Sign In button', async () => {
    const { page } = workbench;
    const agents = viewPane(page, 'Agents');
    await agents
      .locator('.welcome-view-content', { hasText: 'Not connected to AgentOS' })
      .waitFor({ timeout: 30_000 });
    const button = agents.locator('.welcome-view-content .monaco-button', { hasText: 'Sign In' });
    await button.waitFor();
    assert.equal(await button.isVisible(), true);
    await screenshot(page, 'sidebar-signed-out');
  });
});
