// The state one Managed Agents sandbox shares between its handlers, session runners and streams.
import type { ServerResponse } from 'node:http';
import type { FaultQueue } from '../faults';
import type { Random } from '../random';
import type { RequestInfo, Route } from '../router';
import type { Stats } from '../stats';
import type { SandboxClock } from './clock';
import type { ClaudeStore } from './store';

export interface ClaudeOptions {
  key: string;
  seed: number;
  speed: number;
  heartbeatMs: number;
  demo: boolean;
  /** Extra finished sessions for scale tests, older than the demo's. */
  sessions: number;
  log: (line: string) => void;
}

export interface ClaudeContext {
  options: ClaudeOptions;
  store: ClaudeStore;
  /** Ids made by requests (sessions, deployment runs …): same seed and request sequence, same ids. */
  random: Random;
  /** Request ids only, so they never shift the ids above. */
  requestIds: Random;
  clock: SandboxClock;
  faults: FaultQueue;
  stats: Stats;
  /** Open SSE responses, ended on close(). */
  streams: Set<ServerResponse>;
  baseUrl: string;
}

export type ClaudeRequest = RequestInfo<ClaudeContext>;
export type ClaudeRoute = Route<ClaudeContext>;
