// Claude Managed Agents as it looks, in a dark, a light and a high-contrast theme: a session running (events
// streaming into the panel), one waiting for approval with its cards, one terminated with its cost (in the panel's
// header and in its row of the Runs view), and the deployments with their runs in the Triggers view, a failed one in
// red. One workbench takes the four pictures in each theme in turn, switched as a person does
// (test-results/e2e/claude-*-<theme>.png); each comes after what a person would check in it.
//
// Sessions are followed from the palette, not by a click on their row: VS Code drops a click on a tree row that is
// re-rendered at that moment ("Actual command not found, wanted to execute agentos.followRun…", microsoft/vscode#173233:
// the row's command is disposed with its old rendering), and a fresh session's row is re-rendered every second (its
// age), more so right after a Refresh.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/server';
import { createToolSession, raw } from '../unit/claude-sandbox/helpers';
import { followRunFromPalette } from './support/palette';
import { foldAgentOs, row, setExpanded } from './support/tree';
import {
  type SandboxWorkbench,
  openAgentOsSidebar,
  openWorkbenchOnSandbox,
  quietSettings,
  resizeSidebar,
  screenshot,
  selectColorTheme,
  viewPane,
  waitForPanelText,
  widenSidebar,
} from './support/workbench';

/** Only `open` of the sidebar's views expanded (the others folded to their headers). */
async function showOnly(page: Page, open: 'Runs' | 'Triggers'): Promise<void> {
  for (const view of ['Agents', 'Runs', 'Triggers'])
    await setExpanded(viewPane(page, view).locator('.pane-header'), view === open);
}

/** The sandbox's sessions (the demo's) with this title. */
async function sessionsTitled(sandbox: Sandbox, title: string): Promise<{ id: string }[]> {
  const page = (await raw(sandbox, '/v1/sessions?limit=100')).body as {
    data: { id: string; title: string | null }[];
  };
  return page.data.filter((s) => s.title === title);
}

/** The mouse away from everything that shows a hover, then the picture. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.mouse.move(900, 790);
  // A hover shown before the mouse left (a tab's, after a click in the palette above it) fades out on its own.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll<HTMLElement>('.workbench-hover, .monaco-hover')].every(
        (hover) => hover.offsetParent === null || getComputedStyle(hover).visibility === 'hidden',
      ),
    undefined,
    { timeout: 10_000 },
  );
  await screenshot(page, name);
}

const RUNNING = 'Upgrade the CI runners';

describe('e2e: Managed Agents screenshots', function () {
  this.timeout(120_000);
  let workbench: SandboxWorkbench;
  /** A session that runs for good (autopilot), made before the sidebar first lists the sessions. */
  let running: string;
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench)
      await screenshot(workbench.page, `claude-failure-${this.currentTest.fullTitle().replace(/\W+/g, '-')}`);
  });

  before(async () => {
    workbench = await openWorkbenchOnSandbox(
      { speed: 3, heartbeatMs: 1_000 },
      { colorTheme: 'Default Dark Modern', settings: quietSettings(), claude: true },
    );
    running = await createToolSession(workbench.sandbox, {
      title: RUNNING,
      scenarios: 'autopilot',
      text: 'Move the CI runners to Node 22 and keep the build green.',
    });
    await openAgentOsSidebar(workbench.page);
  });
  after(async () => workbench?.close());

  for (const [theme, slug] of [
    ['Default Dark Modern', 'dark'],
    ['Default Light Modern', 'light'],
    ['Default High Contrast', 'high-contrast'],
  ] as const) {
    describe(`(${slug})`, () => {
      before(async () => {
        const { page } = workbench;
        await selectColorTheme(page, theme);
        // The Managed Agents sessions under their connection, with room: only the Runs view, the AgentOS runs folded.
        await showOnly(page, 'Runs');
        await resizeSidebar(page, 540);
        await foldAgentOs(workbench, 'Runs');
      });

      it('a running session: its events stream into the panel, tokens and cost so far in the header', async () => {
        const { page } = workbench;
        await row(viewPane(page, 'Runs'), `running · ${RUNNING}`).waitFor({ timeout: 30_000 });
        const frame = await followRunFromPalette(page, running, { listed: true });
        await waitForPanelText(frame, 'status', /^running$/);
        await waitForPanelText(frame, 'connection', /Live/);
        await waitForPanelText(frame, 'count', /^([1-9]\d|\d{3,}) events/);
        await waitForPanelText(frame, 'usage', /^[\d.]+[kM]? in · [\d.]+[kM]? out · \$\d+\.\d+$/);
        assert.ok((await frame.locator('#viewport .row').count()) >= 10, 'rows on screen');
        await shoot(page, `claude-session-running-${slug}`);
      });

      it('a session waiting for approval: its cards, each with Allow and Deny', async () => {
        const { page, sandbox } = workbench;
        // The demo's session whose `git push --force-with-lease` waits for a person.
        const waiting = (await sessionsTitled(sandbox, 'Fix retry jitter and push'))[0];
        assert.ok(waiting, 'the demo has the waiting session');
        const frame = await followRunFromPalette(page, waiting.id, { listed: true });
        await waitForPanelText(frame, 'status', /^idle — waiting for approval$/);
        const card = frame.locator('.approval.approval-pending').first();
        await card.waitFor({ timeout: 30_000 });
        assert.match(await card.locator('.approval-title').innerText(), /Approve bash\?/);
        assert.match(await card.locator('.approval-input').innerText(), /git push --force-with-lease/);
        await card.locator('button', { hasText: 'Allow' }).waitFor({ state: 'visible' });
        await card.locator('button', { hasText: 'Deny' }).waitFor({ state: 'visible' });
        await shoot(page, `claude-session-approval-${slug}`);
      });

      it('a terminated session: its cost in the header and in its row of the Runs view', async () => {
        const { page, sandbox } = workbench;
        const title = 'Billing sync failure';
        const session = (await sessionsTitled(sandbox, title))[0];
        assert.ok(session, `the demo has "${title}"`);
        const frame = await followRunFromPalette(page, session.id, { listed: true });
        await waitForPanelText(frame, 'connection', /Ended/);
        await waitForPanelText(frame, 'status', /^terminated$/);
        const cost = await waitForPanelText(frame, 'usage', /· \$\d+\.\d\d$/);
        const inTree = row(viewPane(page, 'Runs'), `terminated · ${title}`);
        await inTree.waitFor({ state: 'visible' });
        const description = await inTree.locator('.label-description').innerText();
        assert.match(description, /· \$\d+\.\d\d$/, 'the row ends with its cost');
        assert.equal(description.split(' · ').at(-1), cost.split(' · ').at(-1), 'the same cost in both');
        await shoot(page, `claude-session-terminated-${slug}`);
      });

      it('the deployments: their runs under each, a failed one in red with its error', async () => {
        const { page } = workbench;
        await showOnly(page, 'Triggers');
        await foldAgentOs(workbench, 'Triggers');
        // Wide enough to read why a run failed.
        await widenSidebar(page, 820);
        const triggers = viewPane(page, 'Triggers');
        // One that ran into a rate limit once, and one paused after an error that every run since has hit.
        for (const name of ['Nightly dependency report', 'Weekly research brief']) {
          const deployment = row(triggers, new RegExp(`^${name}$`));
          await deployment.waitFor({ timeout: 30_000 });
          await setExpanded(deployment, true);
        }
        // The demo's two scheduled runs that failed, one under each deployment, each in red with its error in words.
        // Each deployment loads its runs on its own when expanded: wait for each failed run, not just the first.
        const failed = triggers.locator('.monaco-list-row', { has: page.locator('.codicon-error') });
        for (const error of [/Vault \S+ referenced by the deployment no longer exists/, /rate limited/]) {
          const description = failed.locator('.label-description', { hasText: error }).first();
          await description.waitFor({ timeout: 30_000 });
          assert.match(await description.innerText(), /^scheduled · failed: /);
        }
        const started = triggers.locator('.monaco-list-row', {
          has: page.locator('.label-description', { hasText: / · run \S/ }),
        });
        assert.ok((await started.count()) > 0, 'runs that started a session name it');
        await shoot(page, `claude-deployments-${slug}`);
      });
    });
  }
});
