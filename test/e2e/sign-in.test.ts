// Signing in and starting a run as a person does it, in the real workbench: what the input boxes and notifications
// say (in words a person would write, no "AgentOS:" in front — the notification names its source itself), what
// Try Again and a second connection pre-fill, how two connections are named in the tree, and a Start Run whose
// JSON mistake keeps the way on (the error offers Start Run again).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { pickSystem, runCommand, toast } from './support/palette';
import {
  type Workbench,
  openAgentOsSidebar,
  openWorkbench,
  screenshot,
  viewPane,
  widenSidebar,
} from './support/workbench';

const input = (page: Page) => page.locator('.quick-input-widget input.input');

/** The message of the toast that contains `text`, once it shows. */
async function toastMessage(page: Page, text: string | RegExp): Promise<string> {
  const found = toast(page, text).last();
  await found.waitFor({ timeout: 30_000 });
  return found.locator('.notification-list-item-message').innerText();
}

async function clickToastButton(page: Page, text: string | RegExp, button: string): Promise<void> {
  await toast(page, text).last().locator('.monaco-button', { hasText: button }).click();
}

/** Types into the active Monaco editor as a paste would (no auto-closed brackets). */
async function replaceEditorText(page: Page, text: string): Promise<void> {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

describe('e2e: signing in and starting a run, in words a person would write', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let sandbox: Sandbox;
  let staging: Sandbox;
  const messages: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ port: 0, speed: 5 });
    staging = await startSandbox({ port: 0, speed: 5, seed: 7, key: 'staging-key' });
    workbench = await openWorkbench({ settings: { 'git.enabled': false } });
  });
  after(async () => {
    await workbench?.close();
    await sandbox?.close();
    await staging?.close();
  });

  it('Sign In: a bad URL, a rejected key, Try Again, then signed in', async () => {
    const { page } = workbench;
    const host = new URL(sandbox.url).host;
    await openAgentOsSidebar(page);
    await runCommand(page, 'AgentOS: Sign In');
    await pickSystem(page, 'AgentOS');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Sign In (1/2)' }).waitFor();
    await input(page).fill('not a url');
    const validation = page.locator('.quick-input-widget .quick-input-message', { hasText: 'not a URL' });
    await validation.waitFor({ timeout: 10_000 });
    assert.equal(
      await validation.innerText(),
      '"not a url" is not a URL. Include the scheme, for example https://agentos.example.com',
    );

    await input(page).fill(sandbox.url);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Sign In (2/2)' }).waitFor();
    await input(page).fill('wrong-key');
    await page.keyboard.press('Enter');
    const rejected = await toastMessage(page, 'rejected the API key');
    messages.push(rejected);
    assert.equal(rejected, `${host} rejected the API key. Check the key and try again.`);
    // A notification with actions shows its source under the message: the extension needs no prefix of its own.
    assert.match(
      await toast(page, 'rejected the API key').locator('.notification-list-item-source').innerText(),
      /AgentOS/,
    );
    await screenshot(page, 'sign-in-rejected');

    await clickToastButton(page, 'rejected the API key', 'Try Again');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Sign In (1/2)' }).waitFor();
    assert.equal(await input(page).inputValue(), sandbox.url, 'Try Again keeps the URL just typed');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Sign In (2/2)' }).waitFor();
    await input(page).fill(sandbox.key);
    await page.keyboard.press('Enter');
    const signedIn = await toastMessage(page, 'Signed in');
    messages.push(signedIn);
    assert.equal(signedIn, `Signed in to ${host}.`);
    await viewPane(page, 'Agents')
      .locator('.monaco-list-row', { hasText: 'Support Concierge' })
      .waitFor({ timeout: 60_000 });
  });

  it('a second connection starts from an empty URL, and each connection is named once in the tree', async () => {
    const { page } = workbench;
    await runCommand(page, 'AgentOS: Switch Connection');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Add a connection' }).click();
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Name of the new connection' })
      .waitFor();
    await input(page).fill('Staging');
    await page.keyboard.press('Enter');
    await pickSystem(page, 'AgentOS');
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Sign In to Staging (1/2)' })
      .waitFor();
    assert.equal(await input(page).inputValue(), '', "not the first connection's URL");
    await input(page).fill(staging.url);
    await page.keyboard.press('Enter');
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Sign In to Staging (2/2)' })
      .waitFor();
    await input(page).fill(staging.key);
    await page.keyboard.press('Enter');
    messages.push(await toastMessage(page, 'Signed in to Staging'));

    const agents = viewPane(page, 'Agents');
    const root = (label: string) =>
      agents.locator('.monaco-list-row', {
        has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }),
      });
    const host = new URL(sandbox.url).host;
    await root('Staging').waitFor({ timeout: 30_000 });
    await root(host.replace(/\./g, '\\.')).waitFor();
    // The default connection is named after its host: no description repeats it.
    const described = await root(host.replace(/\./g, '\\.')).locator('.label-description').allInnerTexts();
    assert.equal(described.join(''), '');
    assert.equal(await root('Staging').locator('.label-description').innerText(), new URL(staging.url).host);
    await widenSidebar(page, 520);
    await page.mouse.move(900, 300);
    await screenshot(page, 'sidebar-two-connections');
  });

  it('Start Run: after a JSON mistake the error offers Start Run again, and the fixed input is sent', async () => {
    const { page } = workbench;
    const agents = viewPane(page, 'Agents');
    // The inline action of the selected row (a hovered row's actions go when a live row is re-rendered).
    const row = agents.locator('.monaco-list-row', { hasText: 'Order Tracker' }).first();
    await row.click();
    await agents
      .locator('.monaco-list-row.selected', { hasText: 'Order Tracker' })
      .locator('.actions .action-label[aria-label^="Start Run"]')
      .click();
    const prompt = await toastMessage(page, 'Edit the input of the run');
    messages.push(prompt);
    await page.locator('.tab', { hasText: 'AgentOS Run Input - Order Tracker' }).waitFor();

    await replaceEditorText(page, '{ "order": "A-1", }');
    await clickToastButton(page, 'Edit the input of the run', 'Start Run');
    const mistake = await toastMessage(page, 'not valid JSON');
    messages.push(mistake);
    assert.match(
      mistake,
      /^The input is not valid JSON at line 1, column 19: trailing comma before \}\. Nothing was sent\.$/,
    );
    await screenshot(page, 'start-run-json-mistake');

    await replaceEditorText(page, '{ "order": "A-1" }');
    await clickToastButton(page, 'not valid JSON', 'Start Run');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'New thread' }).click();
    const started = await toastMessage(page, /Run \w+ of "Order Tracker" started/);
    messages.push(started);
    const runs = (await (
      await fetch(`${sandbox.url}/v1/api/runs?limit=1`, {
        headers: { authorization: `Bearer ${sandbox.key}` },
      })
    ).json()) as { items: { input: unknown }[] };
    assert.deepEqual(runs.items[0]?.input, { order: 'A-1' });

    for (const message of messages) assert.doesNotMatch(message, /^AgentOS:/, message);
  });
});
