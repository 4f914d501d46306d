// Agents: list, get, create (Idempotency-Key header; a reused key answers 409), patch.
import type { SandboxContext } from './context';
import { agentDto } from './dto';
import { badRequest, conflict, notFound, readObjectBody } from './http';
import { pageParams } from './query';
import { randomUuid } from './random';
import { created, ok, type Reply, type RequestInfo } from './router';
import type { AgentRecord } from './types';
import { optionalNullableString, requiredString } from './validate';

export function listAgents({ ctx, url }: RequestInfo): Reply {
  const { limit, offset } = pageParams(url.searchParams);
  const all = [...ctx.store.agents.values()];
  return ok({ items: all.slice(offset, offset + limit).map(agentDto), total: all.length, limit, offset });
}

export function getAgent({ ctx, params }: RequestInfo): Reply {
  return ok(agentDto(findAgent(ctx, params[0] as string)));
}

export async function createAgent({ ctx, req }: RequestInfo): Promise<Reply> {
  const body = await readObjectBody(req);
  const name = requiredString(body, 'name');
  const metadata = body.metadata === undefined ? null : body.metadata;
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string' && key !== '') {
    if (ctx.store.agentIdempotencyKeys.has(key)) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was already used`);
    }
    ctx.store.agentIdempotencyKeys.add(key);
  }
  return created(agentDto(addNewAgent(ctx, name, metadata)));
}

/** A new agent with no runs yet, stored and returned (the API's create, demo history and scripted runs use it). */
export function addNewAgent(ctx: SandboxContext, name: string, metadata: unknown): AgentRecord {
  const now = new Date().toISOString();
  const agent: AgentRecord = {
    id: randomUuid(ctx.random),
    name,
    live_bundle_id: null,
    metadata,
    created_at: now,
    updated_at: now,
    last_run_id: null,
    last_run_status: null,
    last_run_at: null,
  };
  ctx.store.addAgent(agent);
  return agent;
}

export async function patchAgent({ ctx, req, params }: RequestInfo): Promise<Reply> {
  const agent = findAgent(ctx, params[0] as string);
  const body = await readObjectBody(req);
  if (body.name !== undefined) agent.name = requiredString(body, 'name');
  const bundle = optionalNullableString(body, 'live_bundle_id');
  if (bundle !== undefined) agent.live_bundle_id = bundle;
  if (body.metadata !== undefined) agent.metadata = body.metadata;
  if (body.name === undefined && bundle === undefined && body.metadata === undefined) {
    throw badRequest('body', 'needs at least one of name, live_bundle_id, metadata');
  }
  agent.updated_at = new Date().toISOString();
  return ok(agentDto(agent));
}

export function findAgent(ctx: SandboxContext, id: string): AgentRecord {
  const agent = ctx.store.agents.get(id);
  if (!agent) throw notFound(`agent ${id}`);
  return agent;
}
