// "Claude needs your approval" as a person meets it: a session in the Runs view, with no panel open, asks to run a
// tool. A notification names the tool and the session, the status bar counts it, and a click on Allow answers it:
// the session gets the confirmation and goes on. The picture is test-results/e2e/claude-approval-notification.png.
import assert from 'node:assert/strict';
import type { Sandbox } from '../../sandbox/server';
import { createToolSession, raw, userMessage } from '../unit/claude-sandbox/helpers';
import { foldAgentOs, row } from './support/tree';
import {
  type SandboxWorkbench,
  openAgentOsSidebar,
  openWorkbenchOnSandbox,
  quietSettings,
  screenshot,
  viewPane,
} from './support/workbench';

interface WireEvent {
  id: string;
  type: string;
  stop_reason?: { type: string; event_ids?: string[] };
  tool_use_id?: string;
  result?: string;
}

async function sessionEvents(sandbox: Sandbox, id: string): Promise<WireEvent[]> {
  return (
    (await raw(sandbox, `/v1/sessions/${id}/events?order=asc&limit=1000`)).body as { data: WireEvent[] }
  ).data;
}

/** Polls the sandbox (not the extension) until `test` holds for the session's events. */
async function eventsUntil(
  sandbox: Sandbox,
  id: string,
  what: string,
  test: (events: WireEvent[]) => boolean,
): Promise<WireEvent[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const events = await sessionEvents(sandbox, id);
    if (test(events)) return events;
    if (Date.now() > deadline) throw new Error(`${what}: ${events.map((e) => e.type).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const TITLE = 'Publish the release notes';

describe('e2e: Claude needs your approval', function () {
  this.timeout(120_000);
  let workbench: SandboxWorkbench;

  before(async () => {
    workbench = await openWorkbenchOnSandbox(
      { speed: 3, heartbeatMs: 1_000 },
      {
        colorTheme: 'Default Dark Modern',
        settings: {
          ...quietSettings(),
          'agentos.notifications': 'failuresAndHumanInput',
          'agentos.runs.refreshIntervalSeconds': 1,
        },
        claude: true,
      },
    );
  });
  after(async () => workbench?.close());
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench)
      await screenshot(
        workbench.page,
        `claude-approval-failure-${this.currentTest.title.replace(/\W+/g, '-')}`,
      );
  });

  it('a notification and the status bar say what waits, and Allow answers it with no panel open', async () => {
    const { page, sandbox } = workbench;
    const id = await createToolSession(sandbox, { title: TITLE, scenarios: 'ask' });
    await openAgentOsSidebar(page);
    // The session is listed (so the extension keeps it fresh); no panel follows it.
    await foldAgentOs(workbench, 'Runs');
    await row(viewPane(page, 'Runs'), TITLE).waitFor({ timeout: 30_000 });
    const sent = await raw(sandbox, `/v1/sessions/${id}/events`, {
      method: 'POST',
      body: { events: [userMessage('Please publish them')] },
    });
    assert.equal(sent.status, 200, sent.text);
    const asked = await eventsUntil(
      sandbox,
      id,
      'the session asks',
      (events) => events.at(-1)?.stop_reason?.type === 'requires_action',
    );
    const waiting = asked.at(-1)?.stop_reason?.event_ids ?? [];
    assert.ok(waiting.length > 0, 'tool uses wait');

    const toast = page.locator('.notification-toast', { hasText: 'Claude needs your approval' });
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), new RegExp(`session “${TITLE}”`));
    const count = page.locator('.statusbar-item', { hasText: /needs approval/ });
    await count.waitFor({ timeout: 10_000 });
    assert.equal((await count.innerText()).trim(), `${waiting.length} needs approval`);
    await page.mouse.move(900, 400);
    await screenshot(page, 'claude-approval-notification');

    const allow = waiting.length > 1 ? 'Allow All' : 'Allow';
    await toast.locator('.monaco-button', { hasText: new RegExp(`^${allow}$`) }).click();
    const answered = await eventsUntil(sandbox, id, 'the answers and the session going on', (events) => {
      const answers = events.filter((e) => e.type === 'user.tool_confirmation');
      return answers.length === waiting.length && events.at(-1)?.type !== 'user.tool_confirmation';
    });
    const answers = answered.filter((e) => e.type === 'user.tool_confirmation');
    assert.deepEqual(
      answers.map((e) => e.tool_use_id).sort(),
      [...waiting].sort(),
      'each waiting tool use answered',
    );
    assert.ok(answers.every((e) => e.result === 'allow'));
    const after = answered.slice(answered.indexOf(answers.at(-1)!) + 1).map((e) => e.type);
    assert.ok(after.includes('session.status_running'), `the session went on: ${after.join(', ')}`);
    await toast.waitFor({ state: 'detached', timeout: 10_000 });
    await count.waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
