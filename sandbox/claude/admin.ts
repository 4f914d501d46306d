// Admin endpoints under /_sandbox/claude/ (the Managed Agents key, no beta headers): queued faults, scripted
// sessions of N events, appending events, and firing a deployment's schedule once. Clearing faults and the request
// counts use the AgentOS handlers (routes.ts), on this sandbox's own queue and counters.
import { queueFaultsFromBody } from '../faults';
import { badRequest, readObjectBody } from '../http';
import { created, type Reply } from '../router';
import { optionalInteger, optionalOneOf, optionalString } from '../validate';
import { array, object } from './check';
import type { ClaudeRequest } from './context';
import { upcomingRuns } from './cron';
import { runDeployment } from './deployments';
import { sessionDto } from './dto';
import { invalidState } from './errors';
import { CLAUDE_FAULTS } from './handle-request';
import { findAgent, findDeployment, findSession } from './lookup';
import { iso } from './records';
import { startScriptedSession } from './scripted';

export async function queueFault({ ctx, req }: ClaudeRequest): Promise<Reply> {
  return created(queueFaultsFromBody(ctx.faults, await readObjectBody(req), CLAUDE_FAULTS));
}

/** `{ events, ratePerSec?, end?, agent_id?, environment_id? }` → 201 with the session. */
export async function postScriptedSession({ ctx, req }: ClaudeRequest): Promise<Reply> {
  const body = await readObjectBody(req);
  const events = optionalInteger(body, 'events', { min: 1, max: 10_000_000 });
  if (events === undefined) throw badRequest('events', 'is required (an integer >= 1)');
  const ratePerSec = body.ratePerSec ?? 0;
  if (typeof ratePerSec !== 'number' || !Number.isFinite(ratePerSec) || ratePerSec < 0) {
    throw badRequest('ratePerSec', 'must be a number >= 0');
  }
  const agentId = optionalString(body, 'agent_id') ?? ctx.store.agentList[0]?.id;
  const environmentId = optionalString(body, 'environment_id') ?? ctx.store.environmentList[0]?.wire.id;
  if (agentId === undefined || environmentId === undefined)
    throw invalidState('the sandbox has no agent or environment');
  const session = startScriptedSession(ctx, findAgent(ctx, agentId), environmentId, {
    events,
    ratePerSec,
    end: optionalOneOf(body, 'end', ['idle', 'terminated', 'running'] as const) ?? 'idle',
  });
  return created(sessionDto(session, ctx.clock.now()));
}

/** `{ events: [{ type, …fields }] }`: appended as processed now, as they are (no checks but a type). */
export async function appendEvents({ ctx, req, params }: ClaudeRequest): Promise<Reply> {
  const session = findSession(ctx, params[0] as string);
  const body = await readObjectBody(req);
  const thread = optionalString(body, 'session_thread_id');
  const data = array(body, 'events', '', { min: 1, max: 1000 }).map((value, index) => {
    const event = object(value, `events.${index}`);
    if (typeof event.type !== 'string' || event.type === '')
      throw badRequest(`events.${index}.type`, 'Field required');
    return session.runner.inject({ ...event, type: event.type }, thread);
  });
  return created({ data });
}

/** Fires the deployment's schedule once, now (the sandbox never fires schedules by itself). */
export function tickDeployment({ ctx, params }: ClaudeRequest): Reply {
  const deployment = findDeployment(ctx, params[0] as string);
  if (!deployment.schedule) throw invalidState(`deployment ${deployment.id} has no schedule`);
  if (deployment.status !== 'active' || deployment.archived_at !== null) {
    throw invalidState(
      `deployment ${deployment.id} is ${deployment.archived_at ? 'archived' : 'paused'}; schedules fire only when active`,
    );
  }
  const scheduled = upcomingRuns(deployment.schedule, ctx.clock.now())[0] as number;
  return created(runDeployment(ctx, deployment, { type: 'schedule', scheduled_at: iso(scheduled) }).wire);
}
