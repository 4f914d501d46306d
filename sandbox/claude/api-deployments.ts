// Deployments (list, get, run, pause, unpause, archive) and their runs (list with filters, get). Newest first.
import { badRequest, notFound } from '../http';
import { boolParam, stringParam } from '../query';
import { ok, type Reply } from '../router';
import type { ClaudeRequest } from './context';
import { runDeployment } from './deployments';
import { deploymentDto } from './dto';
import { invalidState } from './errors';
import { inRange, limitParam, pageParam, timeRangeParams } from './list-params';
import { findDeployment } from './lookup';
import { pageRecords } from './paging';
import type { DeploymentRecord, DeploymentRunRecord } from './records';
import { iso } from './records';

function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  choices: readonly T[],
): T | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  if (!(choices as readonly string[]).includes(raw))
    throw badRequest(name, `must be one of ${choices.join(', ')}`);
  return raw as T;
}

export function listDeployments({ ctx, url }: ClaudeRequest): Reply {
  const params = url.searchParams;
  const agentId = stringParam(params, 'agent_id');
  const status = oneOf(params, 'status', ['active', 'paused'] as const);
  const includeArchived = boolParam(params, 'include_archived');
  const range = timeRangeParams(params);
  const keep = (deployment: DeploymentRecord): boolean =>
    (agentId === undefined || deployment.agent.id === agentId) &&
    (status === undefined || deployment.status === status) &&
    (includeArchived || deployment.archived_at === null) &&
    inRange(deployment.createdMs, range);
  const page = pageRecords([ctx.store.deploymentList], keep, 'desc', limitParam(params), pageParam(params));
  const now = ctx.clock.now();
  return ok({
    data: page.data.map((deployment) => deploymentDto(deployment, now)),
    next_page: page.next_page,
  });
}

export function getDeployment({ ctx, params }: ClaudeRequest): Reply {
  return ok(deploymentDto(findDeployment(ctx, params[0] as string), ctx.clock.now()));
}

function changeable(request: ClaudeRequest): DeploymentRecord {
  const deployment = findDeployment(request.ctx, request.params[0] as string);
  if (deployment.archived_at !== null) throw invalidState(`deployment ${deployment.id} is archived`);
  return deployment;
}

/** Run now (a manual run): answers the deployment run, with its session or its error. */
export function postRun(request: ClaudeRequest): Reply {
  return ok(runDeployment(request.ctx, changeable(request), { type: 'manual' }).wire);
}

export function postPause(request: ClaudeRequest): Reply {
  const deployment = changeable(request);
  if (deployment.status !== 'paused') {
    deployment.status = 'paused';
    deployment.paused_reason = { type: 'manual' };
    deployment.updatedMs = request.ctx.clock.now();
  }
  return ok(deploymentDto(deployment, request.ctx.clock.now()));
}

export function postUnpause(request: ClaudeRequest): Reply {
  const deployment = changeable(request);
  if (deployment.status !== 'active') {
    deployment.status = 'active';
    deployment.paused_reason = null;
    deployment.updatedMs = request.ctx.clock.now();
  }
  return ok(deploymentDto(deployment, request.ctx.clock.now()));
}

export function postArchive({ ctx, params }: ClaudeRequest): Reply {
  const deployment = findDeployment(ctx, params[0] as string);
  const now = ctx.clock.now();
  if (deployment.archived_at === null) {
    deployment.archived_at = iso(now);
    deployment.updatedMs = now;
  }
  return ok(deploymentDto(deployment, now));
}

export function listRuns({ ctx, url }: ClaudeRequest): Reply {
  const params = url.searchParams;
  const deploymentId = stringParam(params, 'deployment_id');
  const raw = params.get('has_error');
  const hasError = raw === null ? undefined : boolParam(params, 'has_error');
  const trigger = oneOf(params, 'trigger_type', ['schedule', 'manual'] as const);
  const range = timeRangeParams(params);
  const keep = (run: DeploymentRunRecord): boolean =>
    (hasError === undefined || (run.wire.error !== null) === hasError) &&
    (trigger === undefined || run.wire.trigger_context.type === trigger) &&
    inRange(run.createdMs, range);
  const lists =
    deploymentId === undefined ? [ctx.store.runList] : [ctx.store.runsByDeployment.get(deploymentId) ?? []];
  const page = pageRecords(lists, keep, 'desc', limitParam(params), pageParam(params));
  return ok({ data: page.data.map((run) => run.wire), next_page: page.next_page });
}

export function getRun({ ctx, params }: ClaudeRequest): Reply {
  const run = ctx.store.runs.get(params[0] as string);
  if (!run) throw notFound(`deployment run ${params[0]}`);
  return ok(run.wire);
}
