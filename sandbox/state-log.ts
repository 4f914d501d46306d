// What the sandbox prints while it runs: one line per run state change (a run created, a status reached), not one
// per request — those only with `--verbose` (`logRequests`).
import type { SandboxContext } from './context';
import type { RunRecord, RunStatus } from './types';

/** `run 1a2b3c4d of Support Concierge: running → completed` (a new run: `…: queued (new)`). */
export function runChangeLine(ctx: SandboxContext, run: RunRecord, previous: RunStatus | undefined): string {
  const agent = ctx.store.agents.get(run.agent_id)?.name ?? run.agent_id;
  const attempt = run.attempts.length > 1 ? `, attempt ${run.attempts.length}` : '';
  const change = previous === undefined ? `${run.status} (new)` : `${previous} → ${run.status}`;
  return `run ${run.id.slice(0, 8)} of ${agent}${attempt}: ${change}`;
}

/** Logs run changes from now on (call after the demo and history are loaded: those are not news). */
export function logRunChanges(ctx: SandboxContext): void {
  ctx.store.onRunChange = (run, previous) => ctx.options.log(runChangeLine(ctx, run, previous));
}
