// The demo as a new user of `npm start` meets it, in the real workbench: the sidebar's times (labelled, moving on,
// the same age for the same run in Agents and Runs), the Follow Run quick pick's statuses, and Open Inbox. The
// workbench runs in a browser tab on code-server and the Chatwoot inbox is the sandbox's page on a loopback port:
// the browser must land on that page (through code-server's port proxy, path kept), and the notification offers
// the URL to copy, since a page in a browser cannot know whether its new tab was let through.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  type SandboxWorkbench,
  openAgentOsSidebar,
  openWorkbenchOnSandbox,
  screenshot,
  viewPane,
  widenSidebar,
} from './support/workbench';
import { quickPickRows, runCommand, toast } from './support/palette';

/** The description (grey text) of the tree row labelled `label` in a view. */
function rowDescription(page: Page, view: string, label: string) {
  return viewPane(page, view)
    .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) })
    .first()
    .locator('.label-description');
}

describe('e2e: the demo as a new user meets it', function () {
  this.timeout(180_000);
  let workbench: SandboxWorkbench;

  before(async () => {
    workbench = await openWorkbenchOnSandbox({ speed: 5 }, { settings: { 'git.enabled': false } });
    await workbench.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  });
  after(async () => workbench?.close());

  it('the sidebar labels durations, and its ages move on and agree between Agents and Runs', async () => {
    const { page, sandbox } = workbench;
    await openAgentOsSidebar(page);
    await widenSidebar(page, 560);
    const runs = viewPane(page, 'Runs');
    const header = runs.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await viewPane(page, 'Agents')
      .locator('.monaco-list-row', { hasText: 'Nightly Report Builder' })
      .waitFor({ timeout: 60_000 });

    // A fresh run, so its age is counted in seconds.
    const auth = { authorization: `Bearer ${sandbox.key}`, 'content-type': 'application/json' };
    const agents = (await (await fetch(`${sandbox.url}/v1/api/agents`, { headers: auth })).json()) as {
      items: { id: string; name: string }[];
    };
    const nightly = agents.items.find((a) => a.name === 'Nightly Report Builder');
    assert.ok(nightly);
    const created = await fetch(`${sandbox.url}/v1/api/runs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ agent_id: nightly.id, input: { sandbox_scenario: 'complete' } }),
    });
    const runId = ((await created.json()) as { run_id: string }).run_id;
    await runCommand(page, 'AgentOS: Refresh');

    const agentAge = rowDescription(page, 'Agents', 'Nightly Report Builder');
    const runAge = rowDescription(page, 'Runs', runId.slice(0, 8));
    await agentAge.filter({ hasText: /^completed · \d+s ago$/ }).waitFor({ timeout: 30_000 });
    const first = await agentAge.innerText();
    // Moves on with nobody touching the tree.
    await agentAge.filter({ hasNotText: first }).waitFor({ timeout: 5_000 });
    // The same age for the same run (the two views are re-rendered from one tick; both read at one instant here).
    await page.waitForFunction(sameAgeInBothViews('Nightly Report Builder', runId.slice(0, 8)), undefined, {
      timeout: 5_000,
    });
    assert.match(await runAge.innerText(), /^Nightly Report Builder · \d+s ago · took \d+(ms|s)$/);
    for (const text of await runs.locator('.monaco-list-row .label-description').allInnerTexts()) {
      // Every duration says what it is; a bare "· 3s" would read like an age.
      assert.doesNotMatch(text, /· \d+(ms|s|m \d\ds|h \d\dm)( ·|$)/, text);
    }
    await page.mouse.move(900, 300);
    await screenshot(page, 'sidebar-times');
  });

  it('the Follow Run quick pick names statuses in words', async () => {
    const { page } = workbench;
    await runCommand(page, 'AgentOS: Follow Run');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'waiting for human' })
      .first()
      .waitFor({ timeout: 30_000 });
    const rows = await quickPickRows(page);
    assert.ok(rows.length > 5, rows.join('\n'));
    for (const row of rows) assert.ok(!row.includes('waiting_for_human'), row);
    await screenshot(page, 'follow-run-pick');
    await page.keyboard.press('Escape');
  });

  it('the inline action on a Chatwoot trigger opens a tab with the inbox, and the URL can be copied', async () => {
    const { page } = workbench;
    await openAgentOsSidebar(page);
    const triggers = viewPane(page, 'Triggers');
    const header = triggers.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const row = triggers.locator('.monaco-list-row', { hasText: 'Support inbox' });
    await row.waitFor({ timeout: 60_000 });
    await row.hover();
    const action = row.locator('.actions .action-label[aria-label^="Open Inbox"]');
    await action.waitFor({ timeout: 10_000 });

    const tab = page.context().waitForEvent('page', { timeout: 30_000 });
    await action.click();
    const inbox = await tab;
    await inbox.waitForLoadState('domcontentloaded');
    const url = new URL(inbox.url());
    assert.match(url.pathname, /\/app\/accounts\/3\/inbox$/, `the browser opened ${inbox.url()}`);
    const body = await inbox.locator('body').innerText();
    assert.match(body, /Inbox of account 3/, `the page said: ${body.slice(0, 300)}`);
    await inbox.close();

    const offer = toast(page, 'Copy URL');
    await offer.waitFor({ timeout: 15_000 });
    assert.match(await offer.innerText(), new RegExp(url.pathname.replace(/[/.]/g, '\\$&')));
    // Let the toast finish fading in before the screenshot.
    await offer.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await page.mouse.move(900, 300);
    await screenshot(page, 'inbox-copy-offer');
    await offer.locator('.monaco-button', { hasText: 'Copy URL' }).click();
    // The extension writes the clipboard, then says so in the status bar.
    await page.locator('.statusbar', { hasText: 'Copied the URL' }).waitFor({ timeout: 10_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, url.toString());
  });
});

/**
 * A page-side check (a string: the test runner's transpiler would add helpers the page does not have) that the
 * agent's row in Agents and the run's row in Runs show the same age, in seconds.
 */
function sameAgeInBothViews(agentLabel: string, runLabel: string): string {
  return `(() => {
    const description = (view, label) => {
      const pane = [...document.querySelectorAll('.sidebar .pane')].find(
        (p) => p.querySelector('.pane-header h3.title')?.textContent?.trim().toLowerCase() === view,
      );
      const row = [...(pane?.querySelectorAll('.monaco-list-row') ?? [])].find((r) =>
        r.querySelector('.label-name')?.textContent?.includes(label),
      );
      return row?.querySelector('.label-description')?.textContent ?? '';
    };
    const agent = description('agents', ${JSON.stringify(agentLabel)}).split(' · ')[1] ?? '';
    const run = description('runs', ${JSON.stringify(runLabel)}).split(' · ')[1] ?? '';
    return /^\\d+s ago$/.test(agent) && agent === run;
  })()`;
}
