// The command palette and quick picks as a person uses them.
import type { Frame, Page } from 'playwright-core';
import { panelFrame } from './workbench';

/** Runs a command from the palette (F1), clicking the row whose label starts with `title`. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  // The row whose label starts with the title (Enter would take the first row, which may be another command).
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const row = page
    .locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escaped}`) }),
    })
    .first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt >= 4) throw error;
      await page.waitForTimeout(1_000); // the extension may still be activating
    }
  }
}

/** Sign In's first question, which system: picks `system` ("AgentOS" or "Claude Managed Agents"). */
export async function pickSystem(page: Page, system: 'AgentOS' | 'Claude Managed Agents'): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'which system?' }).waitFor();
  await page
    .locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${system}$`) }),
    })
    .click();
}

/** The text of every row the open quick pick shows (label, description and detail). */
export async function quickPickRows(page: Page): Promise<string[]> {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
}

/** The toast whose text contains `text` (notifications show at the bottom right). */
export function toast(page: Page, text: string | RegExp) {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

/**
 * Follow Run from the palette, the run's id pasted into its quick pick; resolves with the panel's frame. `listed`:
 * Enter only once the pick lists the run among the recent runs of every connection (so it follows on the run's own
 * connection), not on the row of the pasted id alone (which follows on the default connection).
 */
export async function followRunFromPalette(
  page: Page,
  runId: string,
  options: { listed?: boolean } = {},
): Promise<Frame> {
  await runCommand(page, 'AgentOS: Follow Run');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Follow Run' }).waitFor();
  await page.locator('.quick-input-widget input.input').fill(runId);
  const rows = page.locator('.quick-input-list .monaco-list-row', {
    hasText: options.listed ? runId : runId.slice(0, 8),
  });
  await (options.listed ? rows.filter({ hasNotText: 'Follow run' }) : rows).first().waitFor();
  await page.keyboard.press('Enter');
  return panelFrame(page, runId);
}
