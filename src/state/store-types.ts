// The store's shapes: what it holds per connection, what it tells its readers, and what it is told.
import type { Backend, RunInfo, RunState, TriggerRunInfo } from '../backends/types';
import type { Logger } from '../util/logger';

export interface StoreSession {
  readonly connection: { readonly id: string; readonly name: string; readonly baseUrl: string };
  readonly backend: Backend;
}

/** What the store needs from Connections (it satisfies this structurally). */
export interface SessionSource {
  all(): readonly StoreSession[];
  reportSuccess(id: string): void;
  reportError(id: string, error: unknown): void;
}

export interface RunList {
  /** Run ids, newest first, in the order the server listed them. */
  ids: string[];
  total?: number;
  /** The backend's cursor for the next page; undefined at the end. */
  next?: string;
  /** Set while "Load more" is fetching; a second click waits for it. */
  loadingMore?: Promise<void>;
  /** The last "Load more" failure, shown on the Load more node. */
  moreError?: string;
}

/** A trigger's firings as far as loaded, newest first (paged like the Runs list). */
export interface TriggerRunList {
  items: TriggerRunInfo[];
  /** The backend's cursor for the next page; undefined at the end. */
  next?: string;
  /** Set while "Load more" is fetching; a second click waits for it. */
  loadingMore?: Promise<void>;
  /** The last "Load more" failure, shown on the Load more node. */
  moreError?: string;
}

export interface RunFilter {
  /** The connection whose agent the filter names (agent ids belong to one server). */
  connectionId?: string;
  agentId?: string;
  agentName?: string;
  status?: string;
}

export type StoreChange =
  | { kind: 'all' }
  | { kind: 'triggers' | 'runList'; connectionId: string }
  | { kind: 'agents'; connectionId: string; agentId?: string }
  | { kind: 'agentRuns'; connectionId: string; agentId: string }
  | { kind: 'subRuns'; connectionId: string; runId: string }
  | { kind: 'triggerRuns'; connectionId: string; triggerId: string }
  | { kind: 'runs'; connectionId: string; runIds: string[] }
  | { kind: 'caps'; connectionId: string }
  | { kind: 'filter' };

export interface StatusChange {
  connectionId: string;
  run: RunInfo;
  previous: { state: RunState; status: string };
  /** Where the new status was learnt: the server's answers, or a followed run's event stream. */
  source: 'server' | 'stream';
  /** From a stream: the event is news (it happened after the panel opened), not part of a replay. */
  fresh: boolean;
}

/** What a followed stream tells about its run. */
export interface StreamReport {
  subRunId: string;
  /** True while the stream is live or polling (the run need not be polled for its status). */
  streaming: boolean;
  status?: { state: RunState; status: string };
  /** Events of the sub-run so far. */
  eventCount?: number;
  /** The status came with an event that happened after the panel opened. */
  fresh?: boolean;
}

/** Capabilities a connection turned out not to have (a 404/405 on cancel, say). */
export interface Learnt {
  cancel?: false;
}

export interface StoreOptions {
  log: Logger;
  pageSize: () => number;
  /** Recent runs shown under an agent. */
  agentRunsLimit?: () => number;
}
