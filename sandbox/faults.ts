// Fault specs: the ways the sandbox misbehaves on purpose, so stream and client tests can prove their recovery.
// A spec comes per request (`?sandboxFault=` or `X-Sandbox-Fault:`, comma-separated) or from the global queue
// filled through POST /_sandbox/faults (AgentOS) or POST /_sandbox/claude/faults (Managed Agents).
// Each API speaks its own dialect: the Managed Agents sandbox knows a few more kinds than AgentOS does.
import { badRequest } from './http';
import { optionalInteger, requiredString } from './validate';

export type Fault =
  | { kind: 'drop'; afterFrames: number }
  | { kind: 'stall'; afterFrames: number; ms: number }
  | { kind: 'status'; status: 429 | 500 | 503 | 529; retryAfterSeconds: number }
  | { kind: 'malformed'; afterFrames: number }
  | { kind: 'drip' }
  | { kind: 'split-utf8' }
  | { kind: 'error-frame'; afterFrames: number }
  | { kind: 'cut'; seq: number }
  | { kind: 'hang' }
  | { kind: 'end'; afterFrames: number }
  | { kind: 'list-only'; afterFrames: number }
  | { kind: 'big' };

/** Which fault kinds and injected statuses a sandbox accepts; anything else is an unknown fault (400). */
export interface FaultDialect {
  kinds: readonly Fault['kind'][];
  statuses: readonly number[];
}

export const AGENTOS_FAULTS: FaultDialect = {
  kinds: ['drop', 'stall', 'status', 'malformed', 'drip', 'split-utf8', 'error-frame', 'cut', 'hang'],
  statuses: [429, 500, 503],
};

/** Which requests a queued fault applies to. `events` = polling and streaming of events. */
export type FaultMatch = 'stream' | 'events' | 'api' | 'all';
export type RequestKind = 'stream' | 'events' | 'api' | 'other';

const FAULT_MATCHES: readonly FaultMatch[] = ['stream', 'events', 'api', 'all'];

export function parseFaultList(text: string, field: string, dialect = AGENTOS_FAULTS): Fault[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => parseFault(part, field, dialect));
}

export function parseFault(spec: string, field: string, dialect = AGENTOS_FAULTS): Fault {
  const [name, ...args] = spec.split(':');
  if (!(dialect.kinds as readonly string[]).includes(name ?? '')) {
    throw badRequest(field, `unknown fault "${spec}"`);
  }
  const count = (index: number): number => {
    const raw = args[index];
    if (raw === undefined || !/^\d+$/.test(raw))
      throw badRequest(field, `"${spec}" needs a non-negative integer`);
    return Number(raw);
  };
  switch (name) {
    case 'drop':
      return { kind: 'drop', afterFrames: count(0) };
    case 'stall':
      return { kind: 'stall', afterFrames: count(0), ms: count(1) };
    case 'malformed':
      return { kind: 'malformed', afterFrames: count(0) };
    case 'error-frame':
      return { kind: 'error-frame', afterFrames: count(0) };
    case 'cut':
      return { kind: 'cut', seq: count(0) };
    case 'drip':
      return { kind: 'drip' };
    case 'split-utf8':
      return { kind: 'split-utf8' };
    case 'hang':
      return { kind: 'hang' };
    case 'end':
      return { kind: 'end', afterFrames: count(0) };
    case 'list-only':
      return { kind: 'list-only', afterFrames: count(0) };
    case 'big':
      return { kind: 'big' };
    case 'status': {
      const status = count(0);
      if (!dialect.statuses.includes(status)) {
        throw badRequest(field, `"${spec}": status must be ${listWithOr(dialect.statuses)}`);
      }
      return {
        kind: 'status',
        status: status as 429 | 500 | 503 | 529,
        retryAfterSeconds: args[1] === undefined ? 1 : count(1),
      };
    }
    default:
      throw badRequest(field, `unknown fault "${spec}"`);
  }
}

/** `429, 500 or 503` */
function listWithOr(values: readonly number[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/** Faults that only make sense on an event stream; the rest (status, hang) hit any request. */
function defaultMatch(fault: Fault): FaultMatch {
  return fault.kind === 'status' || fault.kind === 'hang' ? 'all' : 'stream';
}

export function parseFaultMatch(value: unknown): FaultMatch | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (FAULT_MATCHES as readonly string[]).includes(value))
    return value as FaultMatch;
  throw badRequest('match', `must be one of ${FAULT_MATCHES.join(', ')}`);
}

function matches(match: FaultMatch, kind: RequestKind): boolean {
  if (match === 'all') return true;
  if (match === 'events') return kind === 'events' || kind === 'stream';
  return match === kind;
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
  match: FaultMatch;
}

/** Global faults: each applies to the next `times` matching requests, then disappears. */
export class FaultQueue {
  private queued: QueuedFault[] = [];

  add(fault: Fault, times: number, match?: FaultMatch): void {
    this.queued.push({ fault, remaining: times, match: match ?? defaultMatch(fault) });
  }

  clear(): void {
    this.queued = [];
  }

  get pending(): number {
    return this.queued.length;
  }

  /** The faults for one request of this kind, each use counted. */
  take(kind: RequestKind): Fault[] {
    const taken: Fault[] = [];
    for (const entry of this.queued) {
      if (entry.remaining > 0 && matches(entry.match, kind)) {
        taken.push(entry.fault);
        entry.remaining--;
      }
    }
    this.queued = this.queued.filter((entry) => entry.remaining > 0);
    return taken;
  }
}

/** Admin: queues `body.fault` (a comma-separated list) for the next `body.times` requests that `body.match`. */
export function queueFaultsFromBody(
  queue: FaultQueue,
  body: Record<string, unknown>,
  dialect = AGENTOS_FAULTS,
): { queued: number; pending: number } {
  const faults = parseFaultList(requiredString(body, 'fault'), 'fault', dialect);
  const times = optionalInteger(body, 'times', { min: 1, max: 1_000_000 }) ?? 1;
  const match = parseFaultMatch(body.match);
  for (const fault of faults) queue.add(fault, times, match);
  return { queued: faults.length, pending: queue.pending };
}
