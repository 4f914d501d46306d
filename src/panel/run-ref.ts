/**
 * What people paste into the Follow Run quick pick: a run id, or a URL that names a run (the AgentOS web app's
 * `…/runs/{id}`, the API's `/v1/api/runs/{id}/events/stream?attemptId=…`, or a `?runId=` link). Pure.
 */
import type { RunState } from '../backends/types';
import { isPlausibleId } from './protocol';

export interface RunRef {
  runId: string;
  attemptId?: string;
  /** Origin of a pasted URL, to pick the matching connection. */
  origin?: string;
}

/** Arguments the follow commands accept from tree items, Start Run and other callers. */
export interface FollowArgs {
  connectionId?: string;
  runId: string;
  attemptId?: string;
}

const RUN_SEGMENTS = new Set(['runs', 'run']);
const ATTEMPT_SEGMENTS = new Set(['attempts', 'attempt']);

export function parseRunRef(input: string): RunRef | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  if (/^https?:\/\//i.test(text)) return parseUrl(text);
  return isPlausibleId(text) && text.length >= 3 ? { runId: text } : undefined;
}

function parseUrl(text: string): RunRef | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  let runId: string | undefined;
  let attemptId: string | undefined;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = (segments[i] as string).toLowerCase();
    const next = segments[i + 1] as string;
    if (RUN_SEGMENTS.has(seg) && runId === undefined && isPlausibleId(next)) runId = next;
    else if (ATTEMPT_SEGMENTS.has(seg) && runId !== undefined && isPlausibleId(next)) attemptId = next;
  }
  const q = url.searchParams;
  runId ??= firstId(q.get('runId'), q.get('run_id'), q.get('run'));
  attemptId ??= firstId(q.get('attemptId'), q.get('attempt_id'), q.get('attempt'));
  if (!runId) return undefined;
  const ref: RunRef = { runId, origin: url.origin };
  if (attemptId) ref.attemptId = attemptId;
  return ref;
}

function firstId(...values: (string | null)[]): string | undefined {
  for (const v of values) if (v && isPlausibleId(v)) return v;
  return undefined;
}

/** Reads the follow commands' argument: `{ connectionId?, runId, attemptId? }`, a run id string, or nothing. */
export function parseFollowArgs(arg: unknown): FollowArgs | undefined {
  if (typeof arg === 'string') {
    const ref = parseRunRef(arg);
    return ref ? withAttempt({ runId: ref.runId }, ref.attemptId) : undefined;
  }
  if (arg === null || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  const runId = typeof a.runId === 'string' ? a.runId : undefined;
  if (!runId || !isPlausibleId(runId)) return undefined;
  const out: FollowArgs = { runId };
  if (typeof a.connectionId === 'string' && a.connectionId !== '') out.connectionId = a.connectionId;
  return withAttempt(out, typeof a.attemptId === 'string' ? a.attemptId : undefined);
}

function withAttempt(args: FollowArgs, attemptId: string | undefined): FollowArgs {
  if (attemptId && isPlausibleId(attemptId)) args.attemptId = attemptId;
  return args;
}

/** The attempt a panel follows. */
export interface FollowTarget {
  connectionId: string;
  runId: string;
  attemptId: string;
}

/** The webview's saved state names the followed attempt; anything else in it is the webview's own cache. */
export function targetFromState(state: unknown): FollowTarget | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const t = (state as { target?: unknown }).target;
  if (!t || typeof t !== 'object') return undefined;
  const { connectionId, runId, attemptId } = t as Record<string, unknown>;
  if (typeof connectionId !== 'string' || connectionId.length === 0 || connectionId.length > 300)
    return undefined;
  if (typeof runId !== 'string' || !isPlausibleId(runId)) return undefined;
  if (typeof attemptId !== 'string' || !isPlausibleId(attemptId)) return undefined;
  return { connectionId, runId, attemptId };
}

/** Panel key: one panel per connection + run + attempt. */
export function panelKey(connectionId: string, runId: string, attemptId: string): string {
  return `${connectionId}\u0000${runId}\u0000${attemptId}`;
}

/** Sort order of the quick pick: running and waiting first, then the rest, newest first within each. */
export function statusRank(state: RunState | undefined): number {
  switch (state) {
    case 'running':
      return 0;
    case 'waiting':
      return 1;
    case 'queued':
      return 2;
    default:
      return 3;
  }
}
