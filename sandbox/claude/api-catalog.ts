// Agents (list, get, versions, archive) and environments (list, get). Lists are newest first.
import { notFound } from '../http';
import { boolParam, intParam } from '../query';
import { ok, type Reply } from '../router';
import type { ClaudeRequest } from './context';
import { agentDto } from './dto';
import { inRange, limitParam, pageParam, timeRangeParams } from './list-params';
import { findAgent } from './lookup';
import { pageRecords } from './paging';
import { iso, type AgentRecord, type AgentVersion } from './records';

export function listAgents({ ctx, url }: ClaudeRequest): Reply {
  const params = url.searchParams;
  const includeArchived = boolParam(params, 'include_archived');
  const range = timeRangeParams(params);
  const keep = (agent: AgentRecord): boolean =>
    (includeArchived || agent.archived_at === null) && inRange(agent.createdMs, range);
  const page = pageRecords([ctx.store.agentList], keep, 'desc', limitParam(params), pageParam(params));
  return ok({ data: page.data.map((agent) => agentDto(agent)), next_page: page.next_page });
}

export function getAgent({ ctx, url, params }: ClaudeRequest): Reply {
  const agent = findAgent(ctx, params[0] as string);
  const latest = agent.versions.length;
  const version = intParam(url.searchParams, 'version', {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    fallback: latest,
  });
  const found = agentDto(agent, version);
  if (!found) throw notFound(`version ${version} of agent ${agent.id}`);
  return ok(found);
}

/** Every version, newest first. */
export function listAgentVersions({ ctx, url, params }: ClaudeRequest): Reply {
  const agent = findAgent(ctx, params[0] as string);
  const versions = agent.versions.map((version) => ({ order: version.version, version }));
  const page = pageRecords(
    [versions],
    () => true,
    'desc',
    limitParam(url.searchParams),
    pageParam(url.searchParams),
  );
  return ok({
    data: page.data.map(({ version }): AgentVersion => ({ ...version, archived_at: agent.archived_at })),
    next_page: page.next_page,
  });
}

export function archiveAgent({ ctx, params }: ClaudeRequest): Reply {
  const agent = findAgent(ctx, params[0] as string);
  if (agent.archived_at === null) agent.archived_at = iso(ctx.clock.now());
  return ok(agentDto(agent));
}

export function listEnvironments({ ctx, url }: ClaudeRequest): Reply {
  const params = url.searchParams;
  const includeArchived = boolParam(params, 'include_archived');
  const page = pageRecords(
    [ctx.store.environmentList],
    (environment) => includeArchived || environment.wire.archived_at === null,
    'desc',
    limitParam(params),
    pageParam(params),
  );
  return ok({ data: page.data.map((environment) => environment.wire), next_page: page.next_page });
}

export function getEnvironment({ ctx, params }: ClaudeRequest): Reply {
  const environment = ctx.store.environments.get(params[0] as string);
  if (!environment) throw notFound(`environment ${params[0]}`);
  return ok(environment.wire);
}
