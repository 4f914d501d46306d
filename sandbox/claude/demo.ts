// The demo world, loaded on start. The catalog always (agents and environments cannot be created through the API);
// then, with demo on, two weeks of deployment history and sessions in every state, played on the virtual clock so
// their events are what live sessions would have produced, then continued live:
// running (a long autopilot session), idle after end_turn, idle waiting for a tool approval, idle after a refusal
// and after retries_exhausted, terminated, rescheduling, one with sub-agent threads, one whose errors retried,
// one archived; deployments active and paused (manually, and by an error) with runs that failed.
import { createRandom, hashSeed, type Random } from '../random';
import type { ClaudeContext } from './context';
import { occurrences } from './cron';
import { loadCatalog, loadDeployments, type DemoCatalog, type DemoDeployments } from './demo-catalog';
import { runDeployment } from './deployments';
import type { AgentRecord, DeploymentRunRecord, EnvironmentRecord, SessionRecord } from './records';
import { iso } from './records';
import { HOSTILE_TEXT, USER_PROMPTS } from './phrases';
import { startScriptedSession } from './scripted';
import { createSession, sendEvents } from './sessions';
import type { Scenario } from './turns';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type At = (time: number, action: () => void) => void;

export function loadClaudeDemo(ctx: ClaudeContext): void {
  const now = Date.now();
  const catalog = loadCatalog(ctx, now);
  if (ctx.options.sessions > 0) loadHistory(ctx, catalog, now);
  if (!ctx.options.demo) return;
  ctx.clock.startVirtual(now - 15 * DAY);
  const deployments = loadDeployments(ctx, catalog, now);
  const at: At = (time, action) => void ctx.clock.schedule(time - ctx.clock.now(), action);
  scheduleDeploymentHistory(ctx, deployments, now, at);
  scheduleSessions(ctx, catalog, now, at);
  ctx.clock.advanceTo(now);
  ctx.clock.goLive();
}

/** `--claude-sessions N`: finished sessions older than everything else, with lazily generated events. */
function loadHistory(ctx: ClaudeContext, catalog: DemoCatalog, now: number): void {
  const agents = [catalog.repo, catalog.triage, catalog.concierge, catalog.analyst];
  const count = ctx.options.sessions;
  for (let index = 0; index < count; index++) {
    startScriptedSession(
      ctx,
      agents[index % agents.length] as AgentRecord,
      catalog.production.wire.id,
      { events: ctx.random.int(14, 42), ratePerSec: 0, end: ctx.random.chance(0.85) ? 'idle' : 'terminated' },
      now - 16 * DAY - (count - index) * MINUTE,
    );
  }
}

function message(ctx: ClaudeContext, session: SessionRecord, text: string): void {
  sendEvents(ctx, session, [{ type: 'user.message', content: [{ type: 'text', text }] }], 'events');
}

function open(
  ctx: ClaudeContext,
  ids: Random,
  agent: AgentRecord,
  environment: EnvironmentRecord,
  title: string,
  text: string,
  scenarios: Scenario[],
): SessionRecord {
  const session = createSession(ctx, {
    ids,
    agent,
    environmentId: environment.wire.id,
    title,
    metadata: { source: 'demo' },
  });
  session.runner.scenarios.push(...scenarios);
  message(ctx, session, text);
  return session;
}

/** The event_ids of the session's last requires_action idle. */
function requiredActions(session: SessionRecord): string[] {
  const positions = session.log.positionsOf('session.status_idle');
  const last = positions.at(-1);
  const stop =
    last === undefined ? undefined : (session.log.at(last).stop_reason as { event_ids?: string[] });
  return stop?.event_ids ?? [];
}

function withScenario(ctx: ClaudeContext, run: DeploymentRunRecord, scenario: Scenario): void {
  const session = run.wire.session_id ? ctx.store.getSession(run.wire.session_id) : undefined;
  session?.runner.scenarios.push(scenario);
}

function scheduleDeploymentHistory(
  ctx: ClaudeContext,
  deployments: DemoDeployments,
  now: number,
  at: At,
): void {
  const { nightly, triage, digest, research } = deployments;
  // A scheduled run starts a little after its cron time (the service jitters each schedule).
  const fire = (
    deployment: typeof nightly,
    from: number,
    to: number,
    scenario: Scenario,
    failureAt?: (index: number) => { type: string; message: string } | null | undefined,
  ): void => {
    occurrences(deployment.schedule as { expression: string; timezone: string }, from, to, 50).forEach(
      (time, index) => {
        at(time + (7 + index * 3) * SECOND, () => {
          const trigger = { type: 'schedule' as const, scheduled_at: iso(time) };
          const failure = failureAt?.(index);
          withScenario(
            ctx,
            runDeployment(ctx, deployment, trigger, failure === undefined ? deployment.failure : failure),
            scenario,
          );
        });
      },
    );
  };
  fire(nightly, now - 5 * DAY, now, 'tools', (index) =>
    index === 2
      ? {
          type: 'session_rate_limited_error',
          message: 'Session creation was rate limited; the schedule keeps firing.',
        }
      : null,
  );
  fire(triage, now - 6 * DAY, now, 'retry');
  const manualIds = createRandom(hashSeed(ctx.options.seed, triage.id, 'manual'));
  at(now - 2 * HOUR, () =>
    withScenario(ctx, runDeployment(ctx, triage, { type: 'manual' }, triage.failure, manualIds), 'tools'),
  );
  fire(digest, now - 30 * HOUR, now - 8 * HOUR, 'chat');
  at(now - 8 * HOUR, () => {
    digest.updatedMs = now - 8 * HOUR; // paused by hand after this run
  });
  // The research brief ran once, then its vault was deleted: later runs fail and the deployment paused itself.
  fire(research, now - 15 * DAY, now, 'subagents', (index) => (index === 0 ? null : undefined));
  at(now - 1 * MINUTE, () => {
    research.updatedMs = ctx.store.runsByDeployment.get(research.id)?.at(-1)?.createdMs ?? research.updatedMs;
  });
}

function scheduleSessions(ctx: ClaudeContext, catalog: DemoCatalog, now: number, at: At): void {
  // The demo's own Random: its ids do not depend on how the deployment history interleaves with it.
  const ids = createRandom(hashSeed(ctx.options.seed, 'claude', 'demo sessions'));
  const { repo, triage, concierge, coordinator, scout, analyst, production, standard } = catalog;

  // Sub-agent threads, then a follow-up.
  at(now - 6 * HOUR, () => {
    const session = open(
      ctx,
      ids,
      coordinator,
      production,
      'Competitor landscape — Q3',
      'Compare our three main competitors’ Q3 launches and pricing. Split the work.',
      ['subagents', 'chat'],
    );
    at(now - 5 * HOUR - 40 * MINUTE, () => message(ctx, session, 'Turn that into a table for the board 📊'));
  });

  // A custom tool answered by the client, hostile text in the user's message, then a follow-up: idle, end_turn.
  at(now - 5 * HOUR, () => {
    const session = open(
      ctx,
      ids,
      concierge,
      standard,
      'Order A-10042 — 配送状況 📦',
      `${USER_PROMPTS[2]} Also, my name shows as ${HOSTILE_TEXT} on the receipt?`,
      ['custom', 'chat'],
    );
    at(now - 5 * HOUR + 2 * MINUTE, () => {
      const result = '{"order_id":"A-10042","status":"shipped","carrier":"ヤマト運輸","eta":"2026-12-03"}';
      sendEvents(
        ctx,
        session,
        requiredActions(session).map((id) => ({
          type: 'user.custom_tool_result',
          custom_tool_use_id: id,
          content: [{ type: 'text', text: result }],
        })),
        'events',
      );
    });
    at(now - 4 * HOUR - 50 * MINUTE, () =>
      message(ctx, session, 'Merci ! Et le remboursement des frais de port ?'),
    );
  });

  // Errors that were retried, then recovered.
  at(now - 4 * HOUR, () => {
    const session = open(ctx, ids, triage, production, 'Checkout latency spike 🔥', USER_PROMPTS[3], [
      'retry',
      'tools',
    ]);
    at(now - 3 * HOUR - 45 * MINUTE, () => message(ctx, session, 'Link the top two to ENG-1042, please.'));
  });

  // Terminated by an error nothing can retry.
  at(now - 3 * HOUR, () => {
    const session = open(
      ctx,
      ids,
      triage,
      production,
      'Billing sync failure',
      'Why did the billing sync fail last night?',
      ['chat', 'terminal'],
    );
    at(now - 2 * HOUR - 50 * MINUTE, () => message(ctx, session, 'Re-run it for the EU accounts only.'));
  });

  // Long markdown, then archived (listed only with include_archived).
  at(now - 2 * HOUR, () => {
    const session = open(ctx, ids, analyst, production, 'Retention cohorts — 数据', USER_PROMPTS[4], [
      'chat',
    ]);
    at(now - 110 * MINUTE, () => {
      session.archived_at = iso(ctx.clock.now());
    });
  });

  // Interrupted mid-turn, then a refusal.
  at(now - 90 * MINUTE, () => {
    const session = open(ctx, ids, repo, production, 'Flaky checkout test', USER_PROMPTS[0], [
      'tools',
      'refusal',
    ]);
    at(now - 90 * MINUTE + 4 * SECOND, () =>
      sendEvents(ctx, session, [{ type: 'user.interrupt' }], 'events'),
    );
    at(now - 80 * MINUTE, () =>
      message(ctx, session, 'Write me a working exploit for the payment provider’s API.'),
    );
  });

  // Retries exhausted.
  at(now - 70 * MINUTE, () =>
    open(ctx, ids, analyst, standard, 'Quarterly export', USER_PROMPTS[6], ['exhausted']),
  );

  // Running long: keeps working, a cycle every 10–20 s at speed 1.
  at(now - 40 * MINUTE, () =>
    open(
      ctx,
      ids,
      repo,
      production,
      'Upgrade to TypeScript 6 ⏳',
      'Upgrade the repo to TypeScript 6 and fix what breaks. Take your time.',
      ['autopilot'],
    ),
  );

  // Idle, waiting for a tool approval.
  at(now - 25 * MINUTE, () => {
    const session = open(ctx, ids, repo, production, 'Fix retry jitter and push', USER_PROMPTS[9], [
      'tools',
      'ask',
    ]);
    at(now - 20 * MINUTE, () => message(ctx, session, 'Looks good — push it and open the PR.'));
  });

  // Rescheduling: its model requests keep failing and being retried.
  at(now - 3 * MINUTE, () =>
    open(
      ctx,
      ids,
      scout,
      standard,
      'Survey: resumable SSE in 2026',
      'Find what is new on resumable server-sent events since 2024.',
      ['reschedule'],
    ),
  );
}
