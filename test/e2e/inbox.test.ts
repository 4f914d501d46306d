// Open Inbox as a new user of `npm start` meets it: the workbench runs in a browser tab on code-server, the
// Chatwoot inbox is the sandbox's page on a loopback port. The browser must land on that inbox page (through
// code-server's port proxy, path kept), and the notification offers the URL to copy, since a page in a browser
// cannot know whether its new tab was let through.
import assert from 'node:assert/strict';
import {
  type SandboxWorkbench,
  openAgentOsSidebar,
  openWorkbenchOnSandbox,
  screenshot,
  viewPane,
  widenSidebar,
} from './support/workbench';
import { toast } from './support/palette';

describe('e2e: Open Inbox lands on the inbox page', function () {
  this.timeout(180_000);
  let workbench: SandboxWorkbench;

  before(async () => {
    workbench = await openWorkbenchOnSandbox({ speed: 5 }, { settings: { 'git.enabled': false } });
    await workbench.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  });
  after(async () => workbench?.close());

  it('the inline action on a Chatwoot trigger opens a tab with the inbox, and the URL can be copied', async () => {
    const { page } = workbench;
    await openAgentOsSidebar(page);
    await widenSidebar(page, 520);
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
