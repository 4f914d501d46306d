// One real VS Code workbench (code-server) with this extension in development mode, driven by Debian's
// Chromium through playwright-core. Screenshots go to test-results/e2e/ for people (and reviewers) to look at.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';
// The launcher helpers are plain ES modules shared with the npm scripts.
import { launchChromium, startCodeServer, workbenchUrl } from '../../../scripts/lib/host.mjs';
import { resultsDir } from '../../../scripts/lib/paths.mjs';

export const screenshotsDir = join(resultsDir, 'e2e');

export interface Workbench {
  page: Page;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Picked through the theme picker once the workbench is up (see selectColorTheme). */
  colorTheme?: ColorTheme;
  /** Also signed in to the sandbox's Managed Agents API, as `npm start` does (openWorkbenchOnSandbox only). */
  claude?: boolean;
}

/** The Managed Agents connection's name under `npm start` (and in the e2e workbenches that want it). */
export const CLAUDE_SANDBOX_CONNECTION = 'Managed Agents sandbox';

/** The built-in themes the screenshots use: their label in the picker and the class the workbench gets. */
const THEMES = {
  'Default Light Modern': { label: 'Light Modern', workbenchClass: 'vs' },
  'Default Dark Modern': { label: 'Dark Modern', workbenchClass: 'vs-dark' },
  'Default High Contrast': { label: 'Dark High Contrast', workbenchClass: 'hc-black' },
} as const;
export type ColorTheme = keyof typeof THEMES;

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  mkdirSync(screenshotsDir, { recursive: true });
  const host = await startCodeServer({ settings: options.settings, env: options.env });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const url = workbenchUrl(host);
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  if (options.colorTheme) {
    // The built-in themes arrive with the extension host; the AgentOS icon shows it is up.
    await page
      .locator('.activitybar .action-item a[aria-label^="AgentOS"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await selectColorTheme(page, options.colorTheme);
  }
  return {
    page,
    browser,
    url,
    async close() {
      await browser.close().catch(() => {});
      host.stop();
    },
  };
}

export interface SandboxWorkbench extends Workbench {
  sandbox: Sandbox;
}

/**
 * A sandbox (a real HTTP server in this process) and a workbench already signed in to it, as `npm start` does:
 * the URL in the user settings and the key handed over through AGENTOS_SANDBOX_KEY (once per AGENTOS_SANDBOX_START),
 * which the extension stores in SecretStorage in development mode. close() stops both.
 */
export async function openWorkbenchOnSandbox(
  sandboxOptions: SandboxOptions,
  options: WorkbenchOptions = {},
): Promise<SandboxWorkbench> {
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions });
  try {
    const claudeSettings = options.claude
      ? {
          'agentos.connections': [
            { name: CLAUDE_SANDBOX_CONNECTION, baseUrl: sandbox.claude.baseUrl, kind: 'claude' },
          ],
        }
      : {};
    const claudeEnv: Record<string, string> = options.claude
      ? {
          AGENTOS_SANDBOX_CLAUDE_KEY: sandbox.claude.key,
          AGENTOS_SANDBOX_CLAUDE_NAME: CLAUDE_SANDBOX_CONNECTION,
        }
      : {};
    const workbench = await openWorkbench({
      ...options,
      settings: { ...options.settings, ...claudeSettings, 'agentos.baseUrl': sandbox.url },
      // A new start, as `npm start` names each of its starts: the key is handed over on its first activation only.
      env: {
        ...options.env,
        ...claudeEnv,
        AGENTOS_SANDBOX_KEY: sandbox.key,
        AGENTOS_SANDBOX_START: randomUUID(),
      },
    });
    return {
      ...workbench,
      sandbox,
      async close() {
        await workbench.close();
        await sandbox.close();
      },
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

/** Settings for quiet screenshots: no notifications, tips, start-up editor or git (the harness adds the sandbox). */
export function quietSettings(): Record<string, unknown> {
  return {
    'agentos.notifications': 'off',
    'workbench.tips.enabled': false,
    'workbench.startupEditor': 'none',
    'git.enabled': false,
  };
}

/** Clicks the AgentOS icon in the activity bar and waits for the container to show. */
export async function openAgentOsSidebar(page: Page): Promise<void> {
  const icon = page.locator('.activitybar .action-item a[aria-label^="AgentOS"]').first();
  await icon.waitFor({ timeout: 60_000 });
  const container = page.locator('.sidebar .composite.title h2', { hasText: /AgentOS/i });
  // A restored workbench may open the container itself a moment later, and a click on the icon of the open
  // container closes the sidebar: click only while it is not open, and look again until it stays open.
  const deadline = Date.now() + 30_000;
  while (!(await container.isVisible())) {
    if (Date.now() > deadline) throw new Error('the AgentOS container did not open');
    const open = await icon.evaluate(
      (el) => el.closest('.action-item')?.classList.contains('checked') === true,
    );
    if (!open) await icon.click();
    await page.waitForTimeout(500);
  }
}

/** The sidebar's view pane whose header says `title`. */
export function viewPane(page: Page, title: string) {
  return page.locator('.sidebar .pane', {
    has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`, 'i') }),
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Every frame whose URL says it is a webview (webviews render in nested iframes). */
export function webviewFrames(page: Page): Frame[] {
  return page.frames().filter((frame) => frame.url().includes('webview'));
}

/**
 * Switches the colour theme through Preferences: Color Theme, as a person would. (A theme named in settings.json
 * is not applied by this web workbench: the built-in themes load after it starts.)
 */
export async function selectColorTheme(page: Page, theme: ColorTheme): Promise<void> {
  const { label, workbenchClass } = THEMES[theme];
  const applied = (): Promise<boolean> =>
    page.evaluate(
      (cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls) === true,
      workbenchClass,
    );
  if (await applied()) return;
  // Closing the picker gives the focus back to what had it. A webview takes it back a moment later (its frame is
  // told to focus by a message): a key pressed before that opens the palette, which then closes as the focus leaves
  // it. So this waits for the focus to be back in the webview that had it (anything else takes it back at once).
  const focused = await page.evaluateHandle(() => document.activeElement);
  // Just after start-up the palette may not list the command yet: try a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await pickColorTheme(page, label);
      await page.waitForFunction(
        (cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls) === true,
        workbenchClass,
        { timeout: 10_000 },
      );
      await page.waitForFunction(
        (element) => !(element instanceof HTMLIFrameElement) || document.activeElement === element,
        focused,
        { timeout: 10_000 },
      );
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
}

async function pickColorTheme(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Preferences: Color Theme');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ })
    .first()
    .click({ timeout: 10_000 });
  // Wait for the theme picker itself (it replaces the command palette) before typing into it.
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: /Modern/ })
    .first()
    .waitFor({ timeout: 10_000 });
  await input.fill(label);
  await page
    .locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }),
    })
    .first()
    .click({ timeout: 10_000 });
}

/** Drags the sidebar's edge so labels and descriptions are readable in a screenshot. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar || sidebar.width >= width) return;
  await resizeSidebar(page, width);
}

/** Drags the sidebar's edge to make it `width` pixels wide (wider or narrower). */
export async function resizeSidebar(page: Page, width: number): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar || sidebar.width === width) return;
  const x = sidebar.x + sidebar.width;
  const y = sidebar.y + 200;
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, y, { steps: 10 });
  await page.mouse.up();
}

/** The webview frame of the panel that follows `runId` (webviews live in nested iframes). */
export async function panelFrame(page: Page, runId: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const text = await frame
        .evaluate(`document.getElementById('run-id')?.textContent ?? null`)
        .catch(() => null);
      if (text === runId) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no panel for run ${runId}`);
}

/** Reads the panel element `id`'s text until it matches `pattern` (fails after `timeoutMs`), and returns it. */
export async function waitForPanelText(
  frame: Frame,
  id: string,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  // Polls with evaluate: the panel's CSP (rightly) forbids the eval that waitForFunction with a string needs.
  const read = `document.getElementById(${JSON.stringify(id)})?.textContent ?? ''`;
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = String(await frame.evaluate(read));
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`#${id} never matched ${pattern}; it says "${text}"`);
}
