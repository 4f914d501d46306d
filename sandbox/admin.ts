// Admin endpoints under /_sandbox/ (same Bearer auth): scripted runs, retries, global faults and request stats.
import type { SandboxContext } from './context';
import { runDto } from './dto';
import { addNewAgent, findAgent } from './api-agents';
import { findRun } from './api-runs';
import { startExecution } from './executor';
import { SCENARIOS } from './executor-plan';
import { queueFaultsFromBody } from './faults';
import { badRequest, conflict, readJsonBody, readObjectBody } from './http';
import { createRun, startNextAttempt } from './lifecycle';
import { created, ok, type Reply, type RequestInfo } from './router';
import { startScriptedAttempt, type ScriptSpec } from './scripted';
import type { TerminalType } from './types';
import { optionalInteger, optionalOneOf, optionalString, requiredString } from './validate';

const TERMINALS = ['RUN_FINISHED', 'RUN_FAILED', 'RUN_CANCELLED', 'none'] as const;

export async function createScriptedRun({ ctx, req }: RequestInfo): Promise<Reply> {
  const body = await readObjectBody(req);
  const events = optionalInteger(body, 'events', { min: 0, max: 100_000_000 });
  if (events === undefined) throw badRequest('events', 'is required (an integer >= 0)');
  const ratePerSec = body.ratePerSec ?? 0;
  if (typeof ratePerSec !== 'number' || !Number.isFinite(ratePerSec) || ratePerSec < 0) {
    throw badRequest('ratePerSec', 'must be a number >= 0');
  }
  const spec: ScriptSpec = {
    events,
    ratePerSec,
    payloadBytes: optionalInteger(body, 'payloadBytes', { min: 0, max: 64 * 1024 * 1024 }) ?? 0,
    terminal: (optionalOneOf(body, 'terminal', TERMINALS) ?? 'RUN_FINISHED') as TerminalType | 'none',
    script: readScript(body.script),
    startedAt: Date.now(),
  };
  const agentId = optionalString(body, 'agent_id') ?? defaultAgentId(ctx);
  const run = createRun(ctx, { agentId: findAgent(ctx, agentId).id, input: { scripted: true, events } });
  startScriptedAttempt(ctx, run, spec);
  return created(runDto(run));
}

/** Starts attempt n+1 with the executor (`scenario` in the body picks its path; default: it completes). */
export async function retryRun({ ctx, req, params }: RequestInfo): Promise<Reply> {
  const run = findRun(ctx, params[0] as string);
  const body = ((await readJsonBody(req)) ?? {}) as Record<string, unknown>;
  const scenario = optionalOneOf(body, 'scenario', SCENARIOS) ?? 'complete';
  const attempt = startNextAttempt(ctx, run);
  startExecution(ctx, run, attempt, scenario);
  return created(runDto(run));
}

/** Appends one event to the current attempt (an extra beyond the interface: handy for live-stream tests). */
export async function appendEvent({ ctx, req, params }: RequestInfo): Promise<Reply> {
  const run = findRun(ctx, params[0] as string);
  const body = await readObjectBody(req);
  const type = requiredString(body, 'type');
  const attempt = run.attempts[run.attempts.length - 1];
  if (!attempt || attempt.ledger.finished)
    throw conflict('ATTEMPT_FINISHED', `run ${run.id} has no open attempt`);
  if (attempt.driver)
    throw conflict('ATTEMPT_DRIVEN', `run ${run.id} is being fed by its executor; cancel it first`);
  return created(attempt.ledger.append(type, body.payload ?? {}));
}

export async function queueFault({ ctx, req }: RequestInfo): Promise<Reply> {
  return created(queueFaultsFromBody(ctx.faults, await readObjectBody(req)));
}

/** What the fault and stats handlers need: both sandboxes (AgentOS, Managed Agents) route them. */
type Counted = { ctx: Pick<SandboxContext, 'faults' | 'stats' | 'streams'> };

export function clearFaults({ ctx }: Counted): Reply {
  ctx.faults.clear();
  return ok({ cleared: true });
}

export function getStats({ ctx }: Counted): Reply {
  const { requests, byPath, byKey } = ctx.stats;
  return ok({ requests, byPath, byKey, openStreams: ctx.streams.size });
}

export function resetStats({ ctx }: Counted): Reply {
  ctx.stats.reset();
  return ok({ requests: 0, byPath: {}, byKey: {}, openStreams: ctx.streams.size });
}

/** Adds a key the API accepts beside the others (a key rotation); answers its label in the stats, never the key. */
export async function addKey({ ctx, req }: RequestInfo): Promise<Reply> {
  const key = requiredString(await readObjectBody(req), 'key');
  if (!ctx.keys.includes(key)) ctx.keys.push(key);
  return created({ label: `key${ctx.keys.indexOf(key) + 1}` });
}

function readScript(value: unknown): ScriptSpec['script'] {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw badRequest('script', 'must be an array of { type, payload }');
  return value.map((item: unknown, index) => {
    const entry = item as { type?: unknown; payload?: unknown } | null;
    if (!entry || typeof entry.type !== 'string' || entry.type === '') {
      throw badRequest(`script[${index}].type`, 'must be a non-empty string');
    }
    return { type: entry.type, payload: entry.payload ?? {} };
  });
}

/** The first agent; without demo data there may be none, so one is made for scripted runs. */
function defaultAgentId(ctx: SandboxContext): string {
  const first = ctx.store.agents.keys().next();
  if (!first.done) return first.value;
  return addNewAgent(ctx, 'Scripted runs', { sandbox: true }).id;
}
