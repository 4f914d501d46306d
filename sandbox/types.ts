// The records the sandbox keeps. Field names follow the contract (docs/agentos-api.md); records that hold more
// than the wire shape (indexes, ledgers, drivers) are turned into DTOs in dto.ts.
import type { Ledger } from './ledger';

export type RunStatus =
  'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'waiting_for_human' | 'resumed';

export const TERMINAL_TYPES = ['RUN_FINISHED', 'RUN_FAILED', 'RUN_CANCELLED'] as const;
export type TerminalType = (typeof TERMINAL_TYPES)[number];

export function isTerminalType(type: string): boolean {
  return (TERMINAL_TYPES as readonly string[]).includes(type.toUpperCase());
}

export interface RunEventDto {
  id: string;
  seq: number;
  type: string;
  timestamp: string;
  attempt_id: string;
  payload: unknown;
}

export interface AgentRecord {
  id: string;
  name: string;
  live_bundle_id: string | null;
  metadata: unknown;
  created_at: string;
  updated_at: string;
  last_run_id: string | null;
  last_run_status: string | null;
  last_run_at: string | null;
}

/** Something that feeds an attempt's ledger over time (the executor or a scripted feeder); stopped on cancel/close. */
export interface Driver {
  stop(): void;
}

export interface AttemptRecord {
  id: string;
  run_id: string;
  attempt_no: number;
  status: RunStatus;
  started_at: string | null;
  completed_at: string | null;
  ledger: Ledger;
  driver: Driver | null;
}

export interface Checkpoint {
  id: string;
  run_id: string;
  attempt_id: string;
  seq: number;
  node: string;
  created_at: string;
  state: unknown;
}

export interface RunRecord {
  id: string;
  /** Creation order; every index is sorted by it (descending = newest first). */
  order: number;
  agent_id: string;
  thread_id: string;
  status: RunStatus;
  input: unknown;
  output: unknown;
  error: unknown;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  attempts: AttemptRecord[];
  checkpoints: Checkpoint[];
}

export interface TriggerRecord {
  id: string;
  agent_id: string;
  type: string;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface CredentialRecord {
  id: string;
  name: string;
  type: string;
  publicConfig: Record<string, unknown>;
  data: Record<string, unknown>;
  /** Secret values: only ever sent with includeValues=true. */
  values: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  /** The Chatwoot accounts this credential's token can see (answers GET /api/v1/profile). */
  chatwootAccounts: { id: number; name: string }[];
}
