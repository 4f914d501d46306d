// The Trace view as it looks, in a dark, a light and a high-contrast theme: a live AgentOS run (steps, tool calls,
// messages, bars growing to now) and a running Managed Agents session (turns, model requests, tool calls). One
// workbench takes both pictures in each theme in turn (test-results/e2e/trace-{agentos,claude}-<theme>.png).
// Runs are followed from the palette (VS Code drops a click on a tree row that re-renders at that moment).
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/server';
import { createToolSession } from '../unit/claude-sandbox/helpers';
import { followRunFromPalette } from './support/palette';
import {
  type SandboxWorkbench,
  openAgentOsSidebar,
  openWorkbenchOnSandbox,
  quietSettings,
  screenshot,
  selectColorTheme,
  waitForPanelText,
} from './support/workbench';
import { api } from './support/sandbox-api';

/** A run of the sandbox's executor that goes on for a while: nodes, tool calls and streamed tokens. */
async function longRun(sandbox: Sandbox): Promise<string> {
  const agents = await api<{ items: { id: string; name: string }[] }>(sandbox, 'GET', '/v1/api/agents');
  const agent = agents.items.find((a) => a.name === 'Support Concierge') ?? agents.items[0];
  const created = await api<{ run_id: string }>(sandbox, 'POST', '/v1/api/runs', {
    agent_id: agent?.id,
    input: { message: 'Where is my order A-10042?', sandbox_scenario: 'long' },
  });
  return created.run_id;
}

/** Counts the trace's rows in the DOM until there are at least `n`. */
async function waitForTraceRows(frame: Frame, n: number, kind?: string): Promise<void> {
  const selector = kind ? `#trace-viewport .trow.kind-${kind}` : '#trace-viewport .trow';
  const deadline = Date.now() + 60_000;
  let count = 0;
  while (Date.now() < deadline) {
    count = Number(await frame.evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`));
    if (count >= n) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${selector}: ${count} rows, wanted ${n}`);
}

/** Shows the trace, opens the first tool row (its input and result below it), and takes the picture. */
async function showTrace(
  page: Page,
  frame: Frame,
  name: string,
  kinds: string[],
  top = false,
): Promise<void> {
  await frame.locator('#view-trace').click();
  await waitForTraceRows(frame, 6);
  // Home: the first row selected and scrolled to (the view otherwise follows the latest rows).
  if (top) await frame.locator('#trace-viewport').press('Home');
  for (const kind of kinds) await waitForTraceRows(frame, 1, kind);
  const summary = await waitForPanelText(frame, 'trace-summary', / tool calls?/);
  assert.match(summary, /model .* · tools .* · waiting /);
  const tool = frame.locator('#trace-viewport .trow.kind-tool').first();
  if ((await tool.getAttribute('aria-expanded')) === 'false') await tool.locator('.twisty').click();
  await frame.locator('#trace-viewport .tdetail-row').first().waitFor();
  await page.mouse.move(900, 790);
  await screenshot(page, name);
}

describe('e2e: the Trace view in three themes', function () {
  this.timeout(180_000);
  let workbench: SandboxWorkbench;
  let agentOsRun: string;
  let session: string;
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench)
      await screenshot(workbench.page, `trace-failure-${this.currentTest.fullTitle().replace(/\W+/g, '-')}`);
  });

  before(async () => {
    workbench = await openWorkbenchOnSandbox(
      { speed: 3, heartbeatMs: 1_000 },
      { colorTheme: 'Default Dark Modern', settings: quietSettings(), claude: true },
    );
    session = await createToolSession(workbench.sandbox, {
      title: 'Trace the CI upgrade',
      scenarios: 'autopilot',
      text: 'Move the CI runners to Node 22 and keep the build green.',
    });
    agentOsRun = await longRun(workbench.sandbox);
    await openAgentOsSidebar(workbench.page);
  });
  after(async () => workbench?.close());

  for (const [theme, slug] of [
    ['Default Dark Modern', 'dark'],
    ['Default Light Modern', 'light'],
    ['Default High Contrast', 'hc'],
  ] as const) {
    it(`a live AgentOS run and a Managed Agents session (${slug})`, async () => {
      const { page } = workbench;
      await selectColorTheme(page, theme);
      const run = await followRunFromPalette(page, agentOsRun);
      await showTrace(page, run, `trace-agentos-${slug}`, ['step', 'tool', 'message']);
      const claude = await followRunFromPalette(page, session, { listed: true });
      await showTrace(page, claude, `trace-claude-${slug}`, ['turn', 'model', 'tool'], true);
    });
  }
});
