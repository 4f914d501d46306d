// The run executor: plays a run's planned steps into its attempt's ledger, live (timers, paced by --speed) or
// instantly with back-dated timestamps (demo history). Output depends only on seed, run id and attempt number.
import type { SandboxContext } from './context';
import { planSteps, SCENARIOS, type Scenario, type Step } from './executor-plan';
import { createRandom, hashSeed, randomUuid, type Random } from './random';
import type { AttemptRecord, Driver, RunRecord } from './types';

/** A sandbox-only hook: `input.sandbox_scenario` picks the path; otherwise the seed decides. */
export function chooseScenario(ctx: SandboxContext, run: RunRecord): Scenario {
  const requested = (run.input as { sandbox_scenario?: unknown } | null)?.sandbox_scenario;
  if (typeof requested === 'string' && (SCENARIOS as readonly string[]).includes(requested))
    return requested as Scenario;
  const roll = createRandom(hashSeed(ctx.options.seed, run.id, 'scenario')).next();
  return roll < 0.7 ? 'complete' : roll < 0.85 ? 'fail' : 'human';
}

function stepsFor(
  ctx: SandboxContext,
  run: RunRecord,
  attempt: AttemptRecord,
  scenario: Scenario,
): {
  steps: Generator<Step>;
  random: Random;
} {
  const random = createRandom(hashSeed(ctx.options.seed, run.id, attempt.attempt_no));
  const agentName = ctx.store.agents.get(run.agent_id)?.name ?? run.agent_id;
  const steps = planSteps(random, scenario, {
    runId: run.id,
    attemptNo: attempt.attempt_no,
    agentName,
    input: run.input,
  });
  return { steps, random };
}

/** Plays the steps live. The driver is registered so cancel and close() can stop it. */
export function startExecution(
  ctx: SandboxContext,
  run: RunRecord,
  attempt: AttemptRecord,
  scenario: Scenario,
): Driver {
  const { steps, random } = stepsFor(ctx, run, attempt, scenario);
  let timer: NodeJS.Timeout | undefined;
  const driver: Driver = { stop: () => clearTimeout(timer) };
  const finish = (): void => {
    ctx.drivers.delete(driver);
    if (attempt.driver === driver) attempt.driver = null;
  };
  const scheduleNext = (): void => {
    const step = steps.next();
    if (step.done) return finish();
    timer = setTimeout(() => {
      if (attempt.ledger.finished) return finish();
      record(run, attempt, step.value, random);
      scheduleNext();
    }, step.value.delayMs / ctx.options.speed);
  };
  attempt.driver = driver;
  ctx.drivers.add(driver);
  scheduleNext();
  return driver;
}

/** Plays the steps at once, as if the run had started at `startedAt` (for demo history). */
export function replayExecution(
  ctx: SandboxContext,
  run: RunRecord,
  attempt: AttemptRecord,
  scenario: Scenario,
  startedAt: number,
): void {
  const { steps, random } = stepsFor(ctx, run, attempt, scenario);
  let clock = startedAt;
  for (const step of steps) {
    clock += step.delayMs;
    record(run, attempt, step, random, new Date(clock).toISOString());
  }
}

function record(
  run: RunRecord,
  attempt: AttemptRecord,
  step: Step,
  random: Random,
  timestamp?: string,
): void {
  const event = attempt.ledger.append(step.type, step.payload, timestamp);
  if (!step.checkpointNode) return;
  run.checkpoints.push({
    id: randomUuid(random),
    run_id: run.id,
    attempt_id: attempt.id,
    seq: event.seq,
    node: step.checkpointNode,
    created_at: event.timestamp,
    state: { node: step.checkpointNode, last_output: step.payload.output ?? null, events_so_far: event.seq },
  });
}
