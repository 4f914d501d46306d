// Follow Run as a person uses it: the command palette, the quick pick (a pasted run id), the panel's DOM read by
// Playwright (every seq 1..N once, after a dropped stream and after a window reload), the status bar item, the
// output channel, and screenshots of a running, a finished and a failed run in a light and a dark theme.
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/server';
import { followRunFromPalette, runCommand } from './support/palette';
import {
  type SandboxWorkbench,
  openWorkbenchOnSandbox,
  panelFrame,
  quietSettings,
  screenshot,
  waitForPanelText,
} from './support/workbench';
import { api } from './support/sandbox-api';

interface Created {
  id: string;
}

async function executorRun(sandbox: Sandbox, scenario: 'long' | 'complete' | 'fail'): Promise<string> {
  const agents = await api<{ items: { id: string; name: string }[] }>(sandbox, 'GET', '/v1/api/agents');
  const agent = agents.items.find((a) => a.name === 'Support Concierge') ?? agents.items[0];
  const created = await api<{ run_id: string }>(sandbox, 'POST', '/v1/api/runs', {
    agent_id: agent?.id,
    input: { message: 'Where is my order A-10042?', sandbox_scenario: scenario },
  });
  return created.run_id;
}

/** Scrolls the timeline from top to bottom and collects the seqs of the rows the DOM shows on screen. */
async function seqsOnScreen(frame: Frame): Promise<{ seqs: number[]; maxRows: number }> {
  // A string, so the test runner's transpiler adds no helpers the page does not have.
  return frame.evaluate(`(async () => {
    const v = document.getElementById('viewport');
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 10))));
    const seen = new Set();
    let maxRows = 0;
    v.scrollTop = 0;
    await frames();
    for (let guard = 0; guard < 100000; guard++) {
      const box = v.getBoundingClientRect();
      const rows = v.querySelectorAll('.row');
      maxRows = Math.max(maxRows, rows.length);
      for (const row of rows) {
        const r = row.getBoundingClientRect();
        if (r.bottom > box.top + 1 && r.top < box.bottom - 1) seen.add(Number(row.dataset.ord));
      }
      if (v.scrollTop + v.clientHeight >= v.scrollHeight - 1) break;
      v.scrollTop += v.clientHeight - 30;
      await frames();
    }
    v.scrollTop = v.scrollHeight;
    return { seqs: [...seen].sort((a, b) => a - b), maxRows };
  })()`);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

async function closeSidebar(page: Page): Promise<void> {
  if (await page.locator('.part.sidebar').isVisible()) await runCommand(page, 'View: Close Primary Side Bar');
}

describe('e2e: Follow Run — every event once, across drops and a window reload', function () {
  this.timeout(300_000);
  let sandbox: Sandbox;
  let workbench: SandboxWorkbench;
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench)
      await screenshot(
        workbench.page,
        `follow-failure-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`,
      );
  });

  before(async () => {
    workbench = await openWorkbenchOnSandbox(
      { speed: 4, heartbeatMs: 1_000 },
      { colorTheme: 'Default Dark Modern', settings: quietSettings() },
    );
    sandbox = workbench.sandbox;
    await closeSidebar(workbench.page);
  });
  after(async () => workbench?.close());

  it('follows a run picked by its pasted id to the end: the DOM shows 1..N once each', async () => {
    const { page } = workbench;
    const n = 500;
    const run = await api<Created>(sandbox, 'POST', '/_sandbox/runs', { events: n, ratePerSec: 250 });
    const frame = await followRunFromPalette(page, run.id);
    // The status bar shows the followed run while it runs.
    await page
      .locator('.statusbar-item', { hasText: /: (running|completed)/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await waitForPanelText(frame, 'connection', /Ended/);
    assert.match(await waitForPanelText(frame, 'count', /500 events/), /500 events/);
    const { seqs, maxRows } = await seqsOnScreen(frame);
    assert.deepEqual(seqs, range(n));
    assert.ok(maxRows < 100, `rows in the DOM: ${maxRows}`);
  });

  it('the Follow Run pick stays open when focus moves to a panel (the workbench hands focus back late)', async () => {
    const { page } = workbench;
    const run = await api<Created>(sandbox, 'POST', '/_sandbox/runs', { events: 20, ratePerSec: 0 });
    await runCommand(page, 'AgentOS: Follow Run');
    const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Follow Run' });
    await title.waitFor();
    // Focus goes to the open Follow Run panel, as it does when the workbench restores it after the palette.
    await page.mouse.click(640, 500);
    await page.waitForTimeout(500);
    assert.equal(await title.isVisible(), true, 'the pick is still open');
    await page.locator('.quick-input-widget input.input').fill(run.id);
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: run.id.slice(0, 8) })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    const frame = await panelFrame(page, run.id);
    await waitForPanelText(frame, 'connection', /Ended/);
  });

  it('drops of the stream (sandbox fault) change nothing in what the DOM shows', async () => {
    const { page } = workbench;
    const n = 700;
    await api(sandbox, 'POST', '/_sandbox/faults', { fault: 'drop:90', times: 3, match: 'stream' });
    const run = await api<Created>(sandbox, 'POST', '/_sandbox/runs', { events: n, ratePerSec: 300 });
    const frame = await followRunFromPalette(page, run.id);
    await waitForPanelText(frame, 'connection', /Ended/);
    const { seqs } = await seqsOnScreen(frame);
    assert.deepEqual(seqs, range(n));
  });

  it('a window reload mid-run restores the panel, which resumes without duplicates or gaps', async () => {
    const { page } = workbench;
    const n = 2_000;
    const run = await api<Created>(sandbox, 'POST', '/_sandbox/runs', { events: n, ratePerSec: 200 });
    const before = await followRunFromPalette(page, run.id);
    await waitForPanelText(before, 'count', /^(2\d\d|[3-9]\d\d|\d,\d{3}) events/);
    await page.waitForTimeout(1_200); // the webview saves its state once a second
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(1_000);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const after = await panelFrame(page, run.id, 90_000);
    await waitForPanelText(after, 'connection', /Ended/, 90_000);
    assert.match(await waitForPanelText(after, 'count', /2,000 events/), /2,000 events/);
    const { seqs } = await seqsOnScreen(after);
    assert.deepEqual(seqs, range(n));
  });

  it('a long finished attempt opens at its end, then holds every event once', async () => {
    const { page } = workbench;
    const n = 6_000;
    // The replay stalls after 1,000 events for 6 s: the preview of the latest events is what a person sees then.
    await api(sandbox, 'POST', '/_sandbox/faults', { fault: 'stall:1000:6000', times: 1, match: 'stream' });
    const run = await api<Created>(sandbox, 'POST', '/_sandbox/runs', { events: n, ratePerSec: 0 });
    const frame = await followRunFromPalette(page, run.id);
    await waitForPanelText(
      frame,
      'loading-text',
      /Showing the latest 200 events; loading the earlier ones/,
      30_000,
    );
    await frame.locator(`#row-${n}`).waitFor({ timeout: 10_000 });
    assert.match(await waitForPanelText(frame, 'count', /6,000 events/), /6,000 events/);
    await page.mouse.move(640, 790);
    await screenshot(page, 'follow-run-preview-dark');
    await waitForPanelText(frame, 'connection', /Ended/, 60_000);
    assert.equal(await frame.locator('#loading').isHidden(), true);
    const { seqs } = await seqsOnScreen(frame);
    assert.deepEqual(seqs, range(n));
  });

  it('the type chips show several types at once and hide others', async () => {
    const { page } = workbench;
    const run = await api<Created>(sandbox, 'POST', '/_sandbox/runs', { events: 60, ratePerSec: 0 });
    const frame = await followRunFromPalette(page, run.id);
    await waitForPanelText(frame, 'connection', /Ended/);
    const typesShown = (): Promise<string[]> =>
      frame.evaluate(
        `[...new Set([...document.querySelectorAll('#viewport .row .type')].map((e) => e.textContent))].sort()`,
      );
    await frame.locator('button[aria-label="Hide LLM_TOKEN events"]').click();
    await waitForPanelText(frame, 'match-count', /of 60 match/);
    assert.ok(!(await typesShown()).includes('LLM_TOKEN'), 'tokens hidden');
    // The list renders a filter on the next animation frame: wait for it, then check exactly.
    const rendered = async (done: (types: string[]) => boolean): Promise<string[]> => {
      const deadline = Date.now() + 10_000;
      let types = await typesShown();
      while (!done(types) && Date.now() < deadline) {
        await page.waitForTimeout(50);
        types = await typesShown();
      }
      return types;
    };
    await frame.locator('.chip-show', { hasText: 'TOOL_CALL' }).click();
    await frame.locator('.chip-show', { hasText: 'TOOL_RESULT' }).click();
    assert.deepEqual(await rendered((types) => types.join() === 'TOOL_CALL,TOOL_RESULT'), [
      'TOOL_CALL',
      'TOOL_RESULT',
    ]);
    await page.mouse.move(640, 790);
    await screenshot(page, 'follow-run-type-chips-dark');
    await frame.locator('#clear-filters').click();
    await waitForPanelText(frame, 'match-count', /^$/);
    assert.ok(
      (await rendered((types) => types.includes('LLM_TOKEN'))).includes('LLM_TOKEN'),
      'every type again',
    );
  });

  it('writes a line per event to the AgentOS output channel', async () => {
    const { page } = workbench;
    const run = await api<Created>(sandbox, 'POST', '/_sandbox/runs', { events: 30, ratePerSec: 0 });
    const frame = await followRunFromPalette(page, run.id);
    await waitForPanelText(frame, 'connection', /Ended/);
    await runCommand(page, 'Output: Show Output Channels...');
    await page.locator('.quick-input-widget input.input').fill('AgentOS');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'AgentOS' }).first().waitFor();
    await page.keyboard.press('Enter');
    const label = `[run ${run.id.slice(0, 8)}]`;
    const lines = page.locator('.part.panel .view-lines');
    await lines.filter({ hasText: label }).first().waitFor({ timeout: 20_000 });
    await lines.filter({ hasText: 'RUN_FINISHED' }).first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'follow-run-output-dark');
    await runCommand(page, 'View: Hide Panel');
  });
});

for (const [theme, slug] of [
  ['Default Dark Modern', 'dark'],
  ['Default Light Modern', 'light'],
  ['Default High Contrast', 'high-contrast'],
] as const) {
  describe(`e2e: Follow Run screenshots (${slug})`, function () {
    this.timeout(300_000);
    let sandbox: Sandbox;
    let workbench: SandboxWorkbench;
    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && workbench)
        await screenshot(
          workbench.page,
          `follow-failure-${slug}-${this.currentTest.title.replace(/\W+/g, '-')}`,
        );
    });

    before(async () => {
      workbench = await openWorkbenchOnSandbox(
        { speed: 3, heartbeatMs: 1_000 },
        { colorTheme: theme, settings: quietSettings() },
      );
      sandbox = workbench.sandbox;
      await closeSidebar(workbench.page);
    });
    after(async () => workbench?.close());

    it('a running run', async () => {
      const { page } = workbench;
      const runId = await executorRun(sandbox, 'long');
      const frame = await followRunFromPalette(page, runId);
      await waitForPanelText(frame, 'count', /^([3-9]\d|\d{3,}) events/, 90_000);
      await waitForPanelText(frame, 'attempt', /Attempt 1 of 1/);
      await page.mouse.move(640, 790);
      await screenshot(page, `follow-run-running-${slug}`);
    });

    it('a finished run, one event expanded', async () => {
      const { page } = workbench;
      const runId = await executorRun(sandbox, 'complete');
      const frame = await followRunFromPalette(page, runId);
      await waitForPanelText(frame, 'connection', /Ended/, 90_000);
      await waitForPanelText(frame, 'status', /completed/);
      const toolCall = frame.locator('.row', { hasText: 'TOOL_CALL' }).first();
      await toolCall.locator('.line').click();
      await frame.locator('.row .detail pre.json').first().waitFor();
      await page.mouse.move(640, 790);
      await screenshot(page, `follow-run-finished-${slug}`);
    });

    it('a failed run', async () => {
      const { page } = workbench;
      const runId = await executorRun(sandbox, 'fail');
      const frame = await followRunFromPalette(page, runId);
      await waitForPanelText(frame, 'connection', /Ended/, 90_000);
      await waitForPanelText(frame, 'status', /failed/);
      await page.mouse.move(640, 790);
      await screenshot(page, `follow-run-failed-${slug}`);
    });
  });
}
