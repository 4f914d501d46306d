// One real VS Code workbench (code-server) with this extension in development mode, driven by Debian's
// Chromium through playwright-core. Screenshots go to test-results/e2e/ for people (and reviewers) to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
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
  colorTheme?: string;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  mkdirSync(screenshotsDir, { recursive: true });
  const settings = { ...options.settings };
  if (options.colorTheme) settings['workbench.colorTheme'] = options.colorTheme;
  const host = await startCodeServer({ settings, env: options.env });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const url = workbenchUrl(host);
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
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

/** Clicks the AgentOS icon in the activity bar and waits for the container to show. */
export async function openAgentOsSidebar(page: Page): Promise<void> {
  const icon = page.locator('.activitybar .action-item a[aria-label^="AgentOS"]').first();
  await icon.waitFor({ timeout: 60_000 });
  const container = page.locator('.sidebar .composite.title h2', { hasText: /AgentOS/i });
  if (!(await container.isVisible())) await icon.click();
  await container.waitFor({ timeout: 30_000 });
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
