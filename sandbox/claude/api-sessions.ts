// Sessions: list (filters, order, archived, both directions), get, create, delete, archive.
import { badRequest, readObjectBody } from '../http';
import { boolParam, intParam, stringParam } from '../query';
import { ok, type Reply } from '../router';
import { array, literal, metadata, object, only, optionalString, requiredString, type Json } from './check';
import type { ClaudeRequest } from './context';
import { invalidState } from './errors';
import { sessionDto } from './dto';
import { arrayParam, inRange, limitParam, orderParam, pageParam, timeRangeParams } from './list-params';
import { findAgent, findSession } from './lookup';
import { pageRecords } from './paging';
import { iso, SESSION_STATUSES, type SessionRecord } from './records';
import { createSession, sendEvents } from './sessions';
import { validateEvent } from './validate-events';

export function listSessions({ ctx, url }: ClaudeRequest): Reply {
  const params = url.searchParams;
  const agentId = stringParam(params, 'agent_id');
  const version = intParam(params, 'agent_version', { min: 1, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
  const deploymentId = stringParam(params, 'deployment_id');
  const memoryStoreId = stringParam(params, 'memory_store_id');
  const statuses = arrayParam(params, 'statuses', SESSION_STATUSES);
  const includeArchived = boolParam(params, 'include_archived');
  const range = timeRangeParams(params);
  const keep = (session: SessionRecord): boolean =>
    memoryStoreId === undefined && // the sandbox mounts no memory stores
    (agentId === undefined || session.agentId === agentId) &&
    (agentId === undefined || version === 0 || session.agentVersion === version) &&
    (deploymentId === undefined || session.deployment_id === deploymentId) &&
    (statuses === undefined || statuses.includes(session.status)) &&
    (includeArchived || session.archived_at === null) &&
    inRange(session.createdMs, range);
  const lists = ctx.store.sessionLists({ agentId, deploymentId, statuses });
  const page = pageRecords(lists, keep, orderParam(params, 'desc'), limitParam(params), pageParam(params));
  const now = ctx.clock.now();
  return ok({
    data: page.data.map((session) => sessionDto(session, now)),
    next_page: page.next_page,
    prev_page: page.prev_page,
  });
}

export function getSession({ ctx, params }: ClaudeRequest): Reply {
  return ok(sessionDto(findSession(ctx, params[0] as string), ctx.clock.now()));
}

const CREATE_FIELDS = [
  'agent',
  'environment_id',
  'budget',
  'initial_events',
  'metadata',
  'resources',
  'title',
  'vault_ids',
];
const OVERRIDABLE = ['mcp_servers', 'model', 'skills', 'system', 'tools'];

export async function postSession({ ctx, req }: ClaudeRequest): Promise<Reply> {
  const body = await readObjectBody(req);
  only(body, '', CREATE_FIELDS);
  const { agentId, version, overrides } = agentParam(body.agent);
  const agent = findAgent(ctx, agentId);
  if (agent.archived_at !== null) throw invalidState(`agent ${agent.id} is archived`);
  const environmentId = requiredString(body, 'environment_id', '');
  const environment = ctx.store.environments.get(environmentId);
  if (!environment) throw badRequest('environment_id', `no environment has id ${environmentId}`);
  if (environment.wire.archived_at !== null) throw invalidState(`environment ${environmentId} is archived`);
  const initial =
    body.initial_events === undefined
      ? []
      : array(body, 'initial_events', '', { min: 0, max: 50 }).map((event, index) =>
          validateEvent(event, `initial_events.${index}`, ['user.message', 'user.define_outcome']),
        );
  if (body.resources !== undefined && array(body, 'resources', '', { min: 0, max: 0 }).length > 0) {
    throw badRequest('resources', 'the sandbox mounts no resources; send [] or leave it out');
  }
  const vaultIds =
    body.vault_ids === undefined
      ? []
      : array(body, 'vault_ids', '', { min: 0, max: 50 }).map((id, index) => {
          if (typeof id !== 'string') throw badRequest(`vault_ids.${index}`, 'Input should be a string');
          return id;
        });
  const session = createSession(ctx, {
    agent,
    version,
    environmentId,
    title: optionalString(body, 'title', '') ?? null,
    metadata: body.metadata === undefined ? {} : metadata(body.metadata, 'metadata'),
    vaultIds,
    budget: body.budget === undefined ? null : budgetParam(body.budget),
    overrides,
  });
  if (initial.length > 0) sendEvents(ctx, session, initial, 'initial_events');
  return ok(sessionDto(session, ctx.clock.now()));
}

function agentParam(value: unknown): { agentId: string; version?: number; overrides?: Json } {
  if (typeof value === 'string' && value !== '') return { agentId: value };
  if (value === undefined) throw badRequest('agent', 'Field required');
  const agent = object(value, 'agent');
  const type = literal(agent, 'type', 'agent', ['agent', 'agent_with_overrides']);
  only(
    agent,
    'agent',
    type === 'agent' ? ['type', 'id', 'version'] : ['type', 'id', 'version', ...OVERRIDABLE],
  );
  const version = agent.version;
  if (version !== undefined && !(Number.isInteger(version) && (version as number) >= 1)) {
    throw badRequest('agent.version', 'Input should be an integer of at least 1');
  }
  const overrides: Json = {};
  for (const key of OVERRIDABLE) {
    if (agent[key] === undefined) continue;
    overrides[key] = key === 'model' && typeof agent.model === 'string' ? { id: agent.model } : agent[key];
  }
  return { agentId: requiredString(agent, 'id', 'agent'), version: version as number | undefined, overrides };
}

function budgetParam(value: unknown): Json {
  const budget = object(value, 'budget');
  only(budget, 'budget', ['type', 'max_list_cost']);
  literal(budget, 'type', 'budget', ['limit']);
  const cost = object(budget.max_list_cost, 'budget.max_list_cost');
  only(cost, 'budget.max_list_cost', ['amount', 'currency']);
  if (!/^(0|[1-9]\d*)$/.test(String(cost.amount)))
    throw badRequest('budget.max_list_cost.amount', 'Input should be an integer decimal string');
  literal(cost, 'currency', 'budget.max_list_cost', ['USD']);
  return budget;
}

/** Deletes the session for good: its streams get session.deleted, then the session is gone (404). */
export function deleteSession({ ctx, params }: ClaudeRequest): Reply {
  const session = findSession(ctx, params[0] as string);
  session.runner.delete();
  ctx.store.removeSession(session);
  return ok({ id: session.id, type: 'session_deleted' });
}

export function archiveSession({ ctx, params }: ClaudeRequest): Reply {
  const session = findSession(ctx, params[0] as string);
  const now = ctx.clock.now();
  if (session.archived_at === null) {
    session.archived_at = iso(now);
    session.updatedMs = Math.max(session.updatedMs, now);
  }
  return ok(sessionDto(session, now));
}
