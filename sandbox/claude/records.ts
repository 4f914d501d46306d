// What the Managed Agents sandbox keeps. Wire shapes follow the SDK's resources/beta/**/*.d.ts; records that hold
// more than the wire shape (logs, runners, indexes) are turned into answers in dto.ts.
import type { EventLog } from './event-log';
import type { SessionRunner } from './runner';

export type SessionStatus = 'rescheduling' | 'running' | 'idle' | 'terminated';
export const SESSION_STATUSES: readonly SessionStatus[] = ['rescheduling', 'running', 'idle', 'terminated'];

/** One version of an agent, exactly as GET /v1/agents/{id}?version=n answers it. */
export interface AgentVersion {
  id: string;
  archived_at: string | null;
  created_at: string;
  description: string | null;
  execution_identity: { type: 'service_account' };
  mcp_servers: { name: string; type: 'url'; url: string }[];
  metadata: Record<string, string>;
  model: { id: string; effort?: { type: string }; speed?: 'standard' | 'fast' };
  multiagent: Record<string, unknown> | null;
  name: string;
  skills: { skill_id: string; type: 'anthropic' | 'custom'; version: string }[];
  system: string | null;
  tools: Record<string, unknown>[];
  type: 'agent';
  updated_at: string;
  version: number;
}

export interface AgentRecord {
  id: string;
  order: number;
  createdMs: number;
  /** versions[n - 1] is version n; the last one is the agent as it is now. */
  versions: AgentVersion[];
  archived_at: string | null;
}

export interface EnvironmentRecord {
  order: number;
  createdMs: number;
  wire: {
    id: string;
    archived_at: string | null;
    config: Record<string, unknown>;
    created_at: string;
    description: string | null;
    metadata: Record<string, string>;
    name: string;
    type: 'environment';
    updated_at: string;
    scope: 'organization' | 'account';
  };
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  /** Micro-dollars at list price; the wire carries whole cents as a string. */
  costMicros: number;
}

export interface ThreadRecord {
  id: string;
  session_id: string;
  parent_thread_id: string | null;
  /** Snapshot of the agent the thread runs (SessionThreadAgent shape). */
  agent: Record<string, unknown>;
  status: SessionStatus;
  createdMs: number;
  updatedMs: number;
  archived_at: string | null;
  log: EventLog;
  usage: Usage;
  activeMs: number;
  runningSince: number | null;
}

export interface SessionRecord {
  id: string;
  order: number;
  createdMs: number;
  updatedMs: number;
  agentId: string;
  agentVersion: number;
  /** Snapshot of the agent version the session runs (SessionAgent shape). */
  agent: Record<string, unknown>;
  environment_id: string;
  deployment_id: string | null;
  title: string | null;
  metadata: Record<string, string>;
  resources: Record<string, unknown>[];
  vault_ids: string[];
  budget: Record<string, unknown> | null;
  status: SessionStatus;
  archived_at: string | null;
  usage: Usage;
  activeMs: number;
  runningSince: number | null;
  endedMs: number | null;
  /** The primary thread's log: the session's events. */
  log: EventLog;
  /** Primary thread first, then sub-agent threads in creation order. */
  threads: ThreadRecord[];
  runner: SessionRunner;
  /** Newest processed_at given out in this session, in ms: every log of the session stays in time order. */
  lastMs: number;
}

export type PausedReason = { type: 'manual' } | { type: 'error'; error: { type: string } };

export interface DeploymentRecord {
  id: string;
  order: number;
  createdMs: number;
  updatedMs: number;
  agent: { id: string; type: 'agent'; version: number };
  archived_at: string | null;
  description: string | null;
  environment_id: string;
  initial_events: Record<string, unknown>[];
  metadata: Record<string, string>;
  name: string;
  paused_reason: PausedReason | null;
  schedule: { expression: string; timezone: string; type: 'cron' } | null;
  lastScheduledRunMs: number | null;
  status: 'active' | 'paused';
  /** Sandbox only: every run of this deployment fails with this error (no session is created). */
  failure: { type: string; message: string } | null;
}

export interface DeploymentRunRecord {
  order: number;
  createdMs: number;
  wire: {
    id: string;
    agent: { id: string; type: 'agent'; version: number };
    created_at: string;
    deployment_id: string;
    error: { type: string; message: string } | null;
    session_id: string | null;
    trigger_context: { type: 'manual' } | { type: 'schedule'; scheduled_at: string };
    type: 'deployment_run';
  };
}

export function emptyUsage(): Usage {
  return {
    input_tokens: 0,
    output_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    costMicros: 0,
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
