// The VS Code host that `npm start` runs, as the person using it meets it: no "port is available" pop-ups for the
// loopback servers that come and go on the machine, and a profile kept between starts, so sign-ins (their keys
// are encrypted with a key in the host's user-data dir) and the layout (kept by the browser, per workspace
// folder) are there again after a restart of the host and of the browser.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { launchChromiumWithProfile, startCodeServer, workbenchUrl } from '../../scripts/lib/host.mjs';
import { scratchRoot } from '../../scripts/lib/paths.mjs';
import { freePort } from '../../scripts/lib/run.mjs';
import { pickSystem, runCommand, toast } from './support/palette';
import { openAgentOsSidebar, screenshot, viewPane, widenSidebar } from './support/workbench';

const input = (page: Page) => page.locator('.quick-input-widget input.input');

/** A server on a free loopback port between 9000 and 9999. */
async function listenOnLowPort(): Promise<Server> {
  for (let port = 9000 + Math.floor(Math.random() * 900); port < 10_000; port++) {
    const server = createServer();
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) return server;
  }
  throw new Error('no free port between 9000 and 9999');
}

async function sidebarWidth(page: Page): Promise<number> {
  return (await page.locator('.part.sidebar').boundingBox())?.width ?? 0;
}

describe('e2e: the host npm start runs', function () {
  this.timeout(240_000);
  let sandbox: Sandbox;
  let staging: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0, speed: 5 });
    staging = await startSandbox({ port: 0, speed: 5, seed: 7, key: 'staging-key' });
  });
  after(async () => {
    await sandbox?.close();
    await staging?.close();
  });

  /** One start of the host on `profileDir` and `port`, opened in a browser with the kept browser profile. */
  async function start(profileDir: string, port: number, browserDir: string) {
    const host = await startCodeServer({
      profileDir,
      port,
      settings: { 'agentos.baseUrl': sandbox.url, 'git.enabled': false },
      // As npm start hands the key over (each start names itself: the extension on main stores the key once per start).
      env: { AGENTOS_SANDBOX_KEY: sandbox.key, AGENTOS_SANDBOX_START: randomUUID() },
    });
    const context: BrowserContext = await launchChromiumWithProfile(browserDir);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(workbenchUrl(host));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await openAgentOsSidebar(page);
    return {
      page,
      async close() {
        // As a person closes the tab: the workbench saves its state on the way out.
        await page.close({ runBeforeUnload: true });
        await context.close();
        await host.stop();
      },
    };
  }

  it('sign-ins and the sidebar width are there again after a restart; no port pop-ups meanwhile', async () => {
    mkdirSync(scratchRoot, { recursive: true });
    const profileDir = mkdtempSync(join(scratchRoot, 'profile-'));
    const browserDir = mkdtempSync(join(scratchRoot, 'browser-'));
    const port = await freePort();

    const first = await start(profileDir, port, browserDir);
    let page = first.page;
    await viewPane(page, 'Agents')
      .locator('.monaco-list-row', { hasText: 'Support Concierge' })
      .waitFor({ timeout: 60_000 });
    // A loopback server that appears while the workbench is open (a test server, someone else's app). Below
    // 10000, code-server announces a port at once; above, it waits for a "better" one.
    await page.bringToFront();
    const other = await listenOnLowPort();
    try {
      await runCommand(page, 'AgentOS: Switch Connection');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Add a connection' }).click();
      await input(page).fill('Staging');
      await page.keyboard.press('Enter');
      await pickSystem(page, 'AgentOS');
      await page
        .locator('.quick-input-widget .quick-input-title', { hasText: 'Sign In to Staging (1/2)' })
        .waitFor();
      await input(page).fill(staging.url);
      await page.keyboard.press('Enter');
      await page
        .locator('.quick-input-widget .quick-input-title', { hasText: 'Sign In to Staging (2/2)' })
        .waitFor();
      await input(page).fill(staging.key);
      await page.keyboard.press('Enter');
      await toast(page, 'Signed in to Staging').waitFor({ timeout: 30_000 });
      await widenSidebar(page, 600);
      const width = await sidebarWidth(page);
      assert.ok(width >= 590, `sidebar ${width}px wide`);
      // code-server looks for new loopback ports every few seconds; give it several rounds.
      await page.waitForTimeout(10_000);
      const popups = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
      assert.deepEqual(
        popups.filter((text) => /is available|port \d+/i.test(text)),
        [],
        'no "your application running on port … is available" pop-up',
      );
      await first.close();

      const second = await start(profileDir, port, browserDir);
      page = second.page;
      try {
        const agents = viewPane(page, 'Agents');
        // Two connections show as two roots: Staging's key was read back from the browser's secret storage.
        await agents
          .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^Staging$/ }) })
          .waitFor({ timeout: 60_000 });
        await agents.locator('.monaco-list-row', { hasText: 'Support Concierge' }).first().waitFor();
        assert.ok(Math.abs((await sidebarWidth(page)) - width) <= 2, `sidebar ${await sidebarWidth(page)}px`);
        await page.mouse.move(900, 300);
        await screenshot(page, 'host-restarted');
      } finally {
        await second.close();
      }
    } finally {
      other.close();
    }
  });
});
