// A deployment run: the deployment's agent (pinned version) in its environment, started with its initial events.
// It records a session, or the error that stopped the session from being created (then session_id is null).
import type { Random } from '../random';
import type { ClaudeContext } from './context';
import { claudeId } from './ids';
import { iso, type DeploymentRecord, type DeploymentRunRecord } from './records';
import { createSession, sendEvents } from './sessions';

export type Trigger = { type: 'manual' } | { type: 'schedule'; scheduled_at: string };

/**
 * `failure` overrides the deployment's own and `ids` the sandbox's Random: the demo's history has runs before and
 * after something broke, with ids that depend on the run, not on what else the demo did before it.
 */
export function runDeployment(
  ctx: ClaudeContext,
  deployment: DeploymentRecord,
  trigger: Trigger,
  failure = deployment.failure,
  ids: Random = ctx.random,
): DeploymentRunRecord {
  const now = ctx.clock.now();
  const id = claudeId(ids, 'drun');
  const agent = ctx.store.agents.get(deployment.agent.id);
  const environment = ctx.store.environments.get(deployment.environment_id);
  let error = failure;
  if (!error && (!agent || agent.archived_at !== null)) {
    error = { type: 'agent_archived_error', message: `Agent ${deployment.agent.id} is archived.` };
  }
  if (!error && (!environment || environment.wire.archived_at !== null)) {
    error = {
      type: 'environment_archived_error',
      message: `Environment ${deployment.environment_id} is archived.`,
    };
  }
  let sessionId: string | null = null;
  if (!error && agent) {
    const session = createSession(ctx, {
      ids,
      agent,
      version: deployment.agent.version,
      environmentId: deployment.environment_id,
      deploymentId: deployment.id,
      title: `${deployment.name} · ${iso(now).slice(0, 16).replace('T', ' ')} UTC`,
      metadata: { deployment: deployment.name, trigger: trigger.type },
    });
    sendEvents(ctx, session, deployment.initial_events, 'initial_events');
    sessionId = session.id;
  }
  const run: DeploymentRunRecord = {
    order: ctx.store.takeOrder(),
    createdMs: now,
    wire: {
      id,
      agent: { ...deployment.agent },
      created_at: iso(now),
      deployment_id: deployment.id,
      error: error && { ...error },
      session_id: sessionId,
      trigger_context: trigger,
      type: 'deployment_run',
    },
  };
  ctx.store.addRun(run);
  if (trigger.type === 'schedule') deployment.lastScheduledRunMs = now;
  return run;
}
