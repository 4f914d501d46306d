/**
 * Typed models of the AgentOS API as this extension speaks it (see docs/agentos-api.md in the shared docs).
 * Fields the contract marks optional stay optional; unknown fields are kept (index signatures) so nothing the
 * server adds is lost when a view shows the raw JSON.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Known run statuses. The set is open: unknown strings must still display. */
export type KnownRunStatus =
  'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'waiting_for_human' | 'resumed';
export type RunStatus = KnownRunStatus | (string & {});

export interface Agent {
  id: string;
  name: string;
  live_bundle_id?: string | null;
  last_run_id?: string | null;
  last_run_status?: RunStatus | null;
  last_run_at?: string | null;
  metadata?: unknown;
  created_at?: string;
  updated_at?: string;
  [key: string]: unknown;
}

export interface Run {
  id: string;
  status: RunStatus;
  agent_id?: string;
  thread_id?: string;
  input?: unknown;
  output?: unknown;
  error?: unknown;
  current_attempt_id?: string;
  current_attempt_no?: number;
  latest_seq?: number;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  [key: string]: unknown;
}

/** One attempt of a run. Events belong to an attempt; `seq` starts at 1 in each. */
export interface RunAttempt {
  id: string;
  run_id: string;
  attempt_no: number;
  status?: RunStatus;
  latest_seq?: number;
  created_at?: string;
  started_at?: string;
  completed_at?: string;
  [key: string]: unknown;
}

/** Upper-case event type name; the set is open. */
export type RunEventType =
  | 'RUN_STARTED'
  | 'NODE_STARTED'
  | 'NODE_OUTPUT'
  | 'TOOL_CALL'
  | 'RUN_FINISHED'
  | 'RUN_FAILED'
  | 'RUN_CANCELLED'
  | (string & {});

export interface RunEventDto {
  id: string;
  seq: number;
  type: RunEventType;
  timestamp: string;
  attempt_id: string;
  payload: unknown;
}

export interface RunEventsPollResponse {
  events: RunEventDto[];
  latest_seq: number;
  next_after_seq: number | null;
  has_more: boolean;
}

export type TerminalEventType = 'RUN_FINISHED' | 'RUN_FAILED' | 'RUN_CANCELLED';

/** True for RUN_FINISHED / RUN_FAILED / RUN_CANCELLED, compared case-insensitively. */
export function isTerminalEventType(type: unknown): boolean {
  if (type === 'RUN_FINISHED' || type === 'RUN_FAILED' || type === 'RUN_CANCELLED') return true;
  // Other spellings: only strings of the right length starting with r/R are worth upper-casing (hot path).
  if (typeof type !== 'string' || (type.charCodeAt(0) | 0x20) !== 0x72) return false;
  const n = type.length;
  if (n !== 10 && n !== 12 && n !== 13) return false;
  const t = type.toUpperCase();
  return t === 'RUN_FINISHED' || t === 'RUN_FAILED' || t === 'RUN_CANCELLED';
}

export interface CreateRunRequest {
  agent_id: string;
  thread?: { thread_id: string } | { new_thread: true };
  input?: unknown;
  /** Sent as both the body field and the `Idempotency-Key` header. Generated when absent. */
  idempotency_key?: string;
}

export interface CreateRunResponse {
  run_id: string;
  status: RunStatus;
  [key: string]: unknown;
}

export interface Checkpoint {
  id: string;
  run_id?: string;
  attempt_id?: string;
  seq?: number;
  node?: string;
  created_at?: string;
  [key: string]: unknown;
}

export type TriggerType = 'chatwoot' | 'evolution_whatsapp' | 'webhook' | 'schedule' | (string & {});

export interface Trigger {
  id: string;
  agent_id: string;
  type: TriggerType;
  name?: string;
  enabled?: boolean;
  config?: { credential_id?: string; chat_platform?: string; [key: string]: unknown };
  created_at?: string;
  updated_at?: string;
  [key: string]: unknown;
}

export interface Credential {
  id: string;
  name?: string;
  type?: string;
  publicConfig?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Only present when read with `includeValues: true`. Secret: keep in memory only. */
  values?: Record<string, unknown>;
  created_at?: string;
  updated_at?: string;
  [key: string]: unknown;
}

export interface Me {
  id?: string;
  email?: string;
  name?: string;
  workspace?: string | { id?: string; name?: string; [key: string]: unknown };
  role?: string;
  [key: string]: unknown;
}

/** One page of a list endpoint (`{ items, ... }`, `limit`/`offset` pagination). */
export interface Page<T> {
  items: T[];
  total?: number;
  limit?: number;
  offset?: number;
  has_more?: boolean;
  next_offset?: number | null;
  [key: string]: unknown;
}

export interface PageParams {
  limit?: number;
  offset?: number;
}

export interface ListRunsParams extends PageParams {
  agent_id?: string;
  status?: string;
}
