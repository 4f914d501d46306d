// Rows of the sidebar's trees as a person reads and folds them.
import type { Locator } from 'playwright-core';
import { type SandboxWorkbench, viewPane } from './workbench';

/** A tree row whose label says `text` (a session's label is its status, then its title). */
export function row(pane: Locator, text: string | RegExp): Locator {
  return pane
    .locator('.monaco-list-row', { has: pane.page().locator('.label-name', { hasText: text }) })
    .first();
}

export async function setExpanded(target: Locator, expanded: boolean): Promise<void> {
  if ((await target.getAttribute('aria-expanded')) !== String(expanded)) await target.click();
  await target.and(target.page().locator(`[aria-expanded="${expanded}"]`)).waitFor();
}

/** The AgentOS connection's root in a view, folded: the Managed Agents connection below it gets the room. */
export async function foldAgentOs(workbench: SandboxWorkbench, view: string): Promise<void> {
  const root = row(viewPane(workbench.page, view), new URL(workbench.sandbox.url).host);
  await root.waitFor({ timeout: 30_000 });
  await setExpanded(root, false);
}
