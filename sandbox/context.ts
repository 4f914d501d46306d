// The state one running sandbox shares between its handlers, executor and streams.
import type { ServerResponse } from 'node:http';
import type { FaultQueue } from './faults';
import type { Random } from './random';
import type { Stats } from './stats';
import type { Store } from './store';
import type { Driver } from './types';

export interface ResolvedOptions {
  key: string;
  seed: number;
  speed: number;
  heartbeatMs: number;
  demo: boolean;
  runs: number;
  log: (line: string) => void;
}

export interface SandboxContext {
  options: ResolvedOptions;
  /** Keys the API accepts: `options.key` first, then keys added through POST /_sandbox/keys (a rotation). */
  keys: string[];
  store: Store;
  /** Seeded id source: same seed and same request sequence give the same ids. */
  random: Random;
  faults: FaultQueue;
  stats: Stats;
  /** Everything with a timer, stopped on close() so mocha can exit. */
  drivers: Set<Driver>;
  /** Open SSE responses, ended on close(). */
  streams: Set<ServerResponse>;
  /** The sandbox's own URL (credentials point here for the Chatwoot profile endpoint). */
  baseUrl: string;
}
