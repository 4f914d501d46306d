// The read-only parts of the API: triggers, credentials and `me`.
import { credentialDto } from './dto';
import { notFound } from './http';
import { boolParam, pageParams, stringParam } from './query';
import { ok, type Reply, type RequestInfo } from './router';

export function listTriggers({ ctx, url }: RequestInfo): Reply {
  const agentId = stringParam(url.searchParams, 'agent_id');
  const all = [...ctx.store.triggers.values()].filter(
    (trigger) => agentId === undefined || trigger.agent_id === agentId,
  );
  // Paged like every list of the API (a client that reads only the first page misses triggers).
  const { limit, offset } = pageParams(url.searchParams);
  return ok({ items: all.slice(offset, offset + limit), total: all.length, limit, offset });
}

export function getTrigger({ ctx, params }: RequestInfo): Reply {
  const trigger = ctx.store.triggers.get(params[0] as string);
  if (!trigger) throw notFound(`trigger ${params[0]}`);
  return ok(trigger);
}

export function listCredentials({ ctx }: RequestInfo): Reply {
  return ok({
    items: [...ctx.store.credentials.values()].map((credential) => credentialDto(credential, false)),
  });
}

/** Secret `values` only with includeValues=true; without it they are never sent. */
export function getCredential({ ctx, params, url }: RequestInfo): Reply {
  const includeValues = boolParam(url.searchParams, 'includeValues');
  const credential = ctx.store.credentials.get(params[0] as string);
  if (!credential) throw notFound(`credential ${params[0]}`);
  return ok(credentialDto(credential, includeValues));
}

export function getMe({ ctx }: RequestInfo): Reply {
  return ok({
    id: 'user-sandbox',
    email: 'dev@sandbox.agentos.local',
    name: 'Sandbox Developer',
    workspace: { id: 'ws-sandbox', name: 'Sandbox Workspace' },
    role: 'owner',
    sandbox: { seed: ctx.options.seed, speed: ctx.options.speed },
  });
}
