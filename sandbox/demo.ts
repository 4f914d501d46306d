// The demo world loaded on start: the catalog (demo-catalog.ts) and runs in every status — finished history,
// long runs still going, one waiting for a human, one resumed, failed runs with a second attempt, one queued.
import type { SandboxContext } from './context';
import { loadDemoCatalog, type DemoAgents } from './demo-catalog';
import { replayExecution, startExecution } from './executor';
import type { Scenario } from './executor-plan';
import { createAttempt, createRun, startNextAttempt } from './lifecycle';
import { startScriptedAttempt, type ScriptSpec } from './scripted';
import type { AgentRecord, RunRecord } from './types';

const MINUTE = 60_000;

/** Catalog first (history runs need agents); runs come from loadDemoRuns after any history. */
export function loadDemo(ctx: SandboxContext): DemoAgents {
  return loadDemoCatalog(ctx, new Date(Date.now() - 30 * 86_400_000).toISOString());
}

export function loadDemoRuns(ctx: SandboxContext, agents: DemoAgents): void {
  const now = Date.now();
  const finished = (agent: AgentRecord, minutesAgo: number, ...scenarios: Scenario[]): RunRecord => {
    const run = newRun(ctx, agent, now - minutesAgo * MINUTE);
    scenarios.forEach((scenario, index) => {
      const attempt = index === 0 ? createAttempt(ctx, run) : startNextAttempt(ctx, run);
      replayExecution(ctx, run, attempt, scenario, now - (minutesAgo - index * 5) * MINUTE);
    });
    return run;
  };

  // Finished history, oldest first.
  finished(agents.legacy, 600, 'complete');
  finished(agents.reports, 540, 'complete');
  finished(agents.reports, 420, 'fail', 'complete'); // failed, then attempt 2 completed
  finished(agents.sales, 360, 'fail', 'fail'); // failed twice: status failed, current_attempt_no 2
  finished(agents.concierge, 300, 'complete');
  finished(agents.orders, 240, 'complete');
  finished(agents.leads, 200, 'fail');
  finished(agents.translation, 150, 'complete');
  finished(agents.concierge, 120, 'complete');
  finished(agents.sales, 90, 'complete');

  const cancelled = newRun(ctx, agents.leads, now - 80 * MINUTE);
  startScriptedAttempt(ctx, cancelled, {
    events: 14,
    ratePerSec: 2,
    payloadBytes: 0,
    terminal: 'RUN_CANCELLED',
    startedAt: now - 80 * MINUTE,
    instant: true,
  });

  // Waiting for a human: the 'human' path ends its attempt on HUMAN_INPUT_REQUESTED.
  finished(agents.refunds, 45, 'human');

  // Resumed: it waited for a human; attempt 2 works on (a long, lazily generated attempt) and the run says
  // `resumed` until it ends.
  const resumed = finished(agents.refunds, 30, 'human');
  startScriptedAttempt(ctx, resumed, longSpec(ctx), (generator) => startNextAttempt(ctx, resumed, generator));

  // Long runs still going: one from the executor, one lazily generated (a very long one costs no memory).
  const longExecutor = newRun(ctx, agents.concierge, now - 10 * MINUTE);
  startExecution(ctx, longExecutor, createAttempt(ctx, longExecutor), 'long');
  const longScripted = newRun(ctx, agents.orders, now - 5 * MINUTE);
  startScriptedAttempt(ctx, longScripted, longSpec(ctx));

  // Queued: accepted, not started yet (nothing drives it).
  const queued = newRun(ctx, agents.translation, now - MINUTE);
  createAttempt(ctx, queued);
}

/** A million events at one per second (times speed): hours of live events at constant memory. */
function longSpec(ctx: SandboxContext): ScriptSpec {
  return {
    events: 1_000_000,
    ratePerSec: Math.min(ctx.options.speed, 1000),
    payloadBytes: 0,
    terminal: 'RUN_FINISHED',
    startedAt: Date.now(),
  };
}

function newRun(ctx: SandboxContext, agent: AgentRecord, createdAtMs: number): RunRecord {
  return createRun(ctx, {
    agentId: agent.id,
    input: { message: `Olá! Pedido A-${10000 + ctx.store.runCount} — où est mon colis? 🚀`, channel: 'demo' },
    createdAt: new Date(createdAtMs).toISOString(),
  });
}
