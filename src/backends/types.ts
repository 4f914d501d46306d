/**
 * The seam between the extension and the systems it shows. A backend (AgentOS, Claude Managed Agents) turns its
 * wire format into these neutral shapes, follows a run's events exactly once by its own rules, and does the actions
 * its capabilities name. Views, panel and store see only what is here; nothing outside `src/backends/<kind>/`
 * imports from inside it (a unit test reads the imports).
 */

import type { TraceFact } from '../trace/types';
export type BackendKind = 'agentos' | 'claude';

/** Run states every view understands. The backend's own word stays in `status`, for display. */
export type RunState = 'queued' | 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled' | 'unknown';

export const TERMINAL_STATES: readonly RunState[] = ['completed', 'failed', 'cancelled'];

export function isTerminalState(state: RunState | undefined): boolean {
  return state !== undefined && TERMINAL_STATES.includes(state);
}

/** What a backend can do; views show an action only when its capability is there. */
export interface Capabilities {
  /** What a run's children are: AgentOS attempts, Managed Agents sub-agent threads, or none. */
  subRuns: 'attempts' | 'threads' | 'none';
  /** Start a run: with a JSON input (AgentOS), with a first message (Managed Agents), or not at all. */
  startRun: 'json' | 'message' | 'none';
  cancel: boolean;
  /** Open an agent's conversation inbox (Chatwoot). */
  inbox: boolean;
  /** Send a message to a run, interrupt it, answer its tool-permission requests. */
  reply: boolean;
  interrupt: boolean;
  approvals: boolean;
  /** Archive a run: it leaves the default lists, its record and events stay. */
  archive: boolean;
  /** Delete a run for good, with its events. */
  delete: boolean;
  checkpoints: boolean;
  /** Run a trigger now, pause and unpause it. */
  triggerActions: boolean;
  /** A trigger's history: each time it fired, the run it started or why it could not. */
  triggerRuns: boolean;
}

export interface Money {
  amount: number;
  currency: string;
}

/** A line of a tooltip: `Label: value`, the value shown as code when it is an id. */
export interface Fact {
  label: string;
  value: string;
  code?: boolean;
}

export interface AgentInfo {
  id: string;
  name: string;
  description?: string;
  model?: string;
  version?: string;
  /** The agent's latest run, as far as the server says. */
  lastRun?: { id?: string; state: RunState; status: string; at?: string };
  /** Lines for the tooltip (tools, MCP servers, bundle…). */
  facts?: Fact[];
  /** The agent's own metadata, shown (secrets hidden) in its tooltip. */
  metadata?: unknown;
  raw: unknown;
}

export interface RunInfo {
  id: string;
  agentId?: string;
  /** The agent's name when the run carries it (Managed Agents sessions do). */
  agentName?: string;
  title?: string;
  state: RunState;
  /** The backend's own status word (`waiting_for_human`, `idle`…). */
  status: string;
  /** Why it is in that state, when the backend says (`requires_action`, `end_turn`…). */
  reason?: string;
  createdAt?: string;
  startedAt?: string;
  endedAt?: string;
  /**
   * When the server last changed the run, when it says (Managed Agents: every event moves it). A waiting run whose
   * time moved between two looks may have run and come back waiting for something new.
   */
  updatedAt?: string;
  /** The sub-run followed by default (AgentOS: the current attempt). */
  currentSubRunId?: string;
  /** How many sub-runs (attempts) it has had. */
  subRunCount?: number;
  /** The backend's own count of the current sub-run's events, when it keeps one (AgentOS: latest_seq). */
  eventCount?: number;
  tokens?: { input: number; output: number };
  cost?: Money;
  /** Why it failed, in a line. */
  error?: string;
  /** When it was archived (it no longer shows in the default lists). */
  archivedAt?: string;
  /** More lines for the tooltip (a thread, an attempt number…). */
  facts?: Fact[];
  raw: unknown;
}

export interface SubRunInfo {
  id: string;
  runId: string;
  /** "Attempt 2", a sub-agent's name… */
  label: string;
  no?: number;
  state: RunState;
  status: string;
  eventCount?: number;
  startedAt?: string;
  endedAt?: string;
  current: boolean;
  raw: unknown;
}

export interface TriggerInfo {
  id: string;
  agentId?: string;
  name: string;
  /** An open set: `chatwoot`, `webhook`, `schedule`, `deployment`… */
  type: string;
  active: boolean;
  /** Why it is not active (paused manually, paused after errors…). */
  reason?: string;
  /** One line: the cron in words, the platform, the path… never a secret. */
  summary: string;
  nextRunsAt?: string[];
  lastRunAt?: string;
  /** This trigger opens an agent's conversation inbox. */
  inbox: boolean;
  raw: unknown;
}

/** One firing of a trigger: the run it started, or the error that kept it from starting one. */
export interface TriggerRunInfo {
  id: string;
  triggerId: string;
  at: string;
  /** What fired it: `schedule`, `manual`… (an open set). */
  firedBy?: string;
  runId?: string;
  error?: string;
  raw: unknown;
}

/** Where a run can be started (a container configuration, a worker pool…), for backends that ask for one. */
export interface EnvironmentInfo {
  id: string;
  name: string;
  description?: string;
  /** One line on what it is (`cloud`, `self-hosted`…). */
  detail?: string;
  raw: unknown;
}

/** How a run is started: in an existing thread (AgentOS), in an environment (Managed Agents). */
export interface StartOptions {
  threadId?: string;
  environmentId?: string;
}

/** One page of a list; `next` is the backend's own cursor for the page after it. */
export interface Page<T> {
  items: T[];
  next?: string;
  total?: number;
}

export interface RunQuery {
  agentId?: string;
  /** A backend status word (`failed`, `running`…), as the filter offers them. */
  status?: string;
  limit: number;
  /** From a previous page's `next`. */
  page?: string;
}

/** What a follow is about: a run and, for backends with sub-runs, which one. */
export interface FollowRef {
  runId: string;
  subRunId: string;
}

/** One event as the panel shows it. The host numbers events itself (see panel/ordinals.ts). */
export interface TimelineEvent {
  /** Unique in the followed stream. */
  id: string;
  /** Where to resume after this event: opaque to everyone but its backend. */
  cursor: string;
  /** What the number column shows (AgentOS: `#` and the seq; empty: the panel's own `#` ordinal). */
  label: string;
  type: string;
  /** ISO time the event happened. */
  time: string;
  payload: unknown;
  /** The run state (and the backend's status word) this event implies, and why, in words, when it says. */
  status?: { state: RunState; status: string; why?: string };
  /** The run's usage so far, when the event reports it (cumulative: the latest replaces the one before). */
  usage?: { tokens?: { input: number; output: number }; cost?: Money };
  /** The follow ends after this event. */
  terminal: boolean;
  /** The event says a newer sub-run took over (AgentOS: an attempt superseded by a retry): offer to follow it. */
  nextSubRun?: { id: string; no?: number };
  /** The whole event as the server sent it (Copy and Open in Editor show it). */
  raw: unknown;
  /** What the event means for approvals (`caps.approvals`): see `ApprovalFacts`. */
  approval?: ApprovalFacts;
  /** The start this event ends (a tool result's tool use, a model request's start), when the follow saw it. */
  pair?: EventPair;
  /** The sub-agent whose thread the event belongs to or goes to, by name, when the follow knows it. */
  threadName?: string;
}

/** What a follow knows beyond the event itself, for its look. */
export interface LookContext {
  pair?: EventPair;
  threadName?: string;
}

export interface EventPair {
  startId: string;
  /** The tool's name, for a tool result. */
  tool?: string;
  /** From the start to this event. */
  durationMs?: number;
}

/**
 * Approvals, backend-neutral: a tool use that asks for a person's yes or no, the idle that waits for answers, the
 * answer itself, or the run going on (no answer can be given any more).
 */
export type ApprovalFacts =
  | { kind: 'asks'; id: string; tool: string; input: string }
  | { kind: 'awaits'; ids: string[] }
  | { kind: 'answered'; id: string; allowed: boolean }
  | { kind: 'resumed' };

/** A tool use that waits for a person's yes or no now (`caps.approvals`): what the answer is about. */
export interface PendingApproval {
  /** The tool use's id: the answer names it. */
  id: string;
  /** The tool's name (`bash`, `github › create_pull_request`). */
  tool: string;
  /** Its input, compact JSON. */
  input: string;
}

export type FollowState =
  | { type: 'connecting' }
  | { type: 'live' }
  | { type: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { type: 'polling'; reason: string }
  | { type: 'ended' }
  | { type: 'failed'; reason: string; error?: unknown };

/** What the agent is producing right now, before its event exists (live typing); never an event. */
export interface TypingPreview {
  /** Thinking (shown as an indicator) rather than a message being written. */
  thinking: boolean;
  /** The text so far ('' while thinking). */
  text: string;
}

/**
 * What a follow hands out: the events of one network chunk together, a state change, or the live typing (null when
 * it stops; only backends that preview, only when asked).
 */
export type FollowBatch =
  { events: TimelineEvent[] } | { state: FollowState } | { typing: TypingPreview | null };

export interface FollowOptions {
  stallTimeoutMs: number;
  maxReconnects: number;
  /** Show what the agent writes as it writes it, where the backend can (Managed Agents' `event_deltas`). */
  typing?: boolean;
}

/** How a row looks: the backend knows its event types (pure, no I/O). */
export interface EventLook {
  summary: string;
  /** A codicon name from the panel's list (see panel/timeline.ts ROW_ICONS). */
  icon: string;
  level: 'info' | 'error' | 'success' | 'warning' | 'human';
  /** The step the event belongs to ("planner · step 2"). */
  group?: string;
  /** For the output channel: a single streamed token, joined with its neighbours into one line. */
  token?: string;
  /** For the output channel: what its line says when that is shorter than the summary (a message's first line). */
  line?: string;
  /** What the event means for the run's trace (steps, tool calls, messages), when it means something. */
  trace?: TraceFact;
}

/** Presentation rules for one backend's events (the panel and output channel call it per row). */
export interface EventPresenter {
  /** `context`: what the follow knows (a tool result shows its tool and how long it took; a thread its agent). */
  look(type: string, payload: unknown, context?: LookContext): EventLook;
}

export interface Backend {
  readonly kind: BackendKind;
  readonly caps: Capabilities;
  readonly presenter: EventPresenter;
  /** `host[:port]` of the server, for messages. */
  readonly host: string;
  /** The status words a run list can be filtered by. */
  readonly statuses: readonly string[];

  /** A cheap authenticated call: does the key work? */
  check(signal?: AbortSignal): Promise<void>;
  /** Every agent (all pages). */
  listAgents(signal?: AbortSignal): Promise<AgentInfo[]>;
  getAgent(agentId: string, signal?: AbortSignal): Promise<AgentInfo>;
  listRuns(query: RunQuery, signal?: AbortSignal): Promise<Page<RunInfo>>;
  getRun(runId: string, signal?: AbortSignal): Promise<RunInfo>;
  /** Every sub-run of a run (all pages), in order. */
  listSubRuns(runId: string, signal?: AbortSignal): Promise<SubRunInfo[]>;
  /** Every trigger (all pages), of one agent or of all. */
  listTriggers(agentId?: string, signal?: AbortSignal): Promise<TriggerInfo[]>;

  /**
   * Follows a sub-run's events from after `cursor` (undefined: from the start), each exactly once and in order by
   * the backend's own rules, until its end, a final failure, or the signal.
   */
  follow(
    ref: FollowRef,
    cursor: string | undefined,
    options: FollowOptions,
    signal: AbortSignal,
  ): AsyncIterable<FollowBatch>;
  /** The last `count` events of a sub-run and how many it has, when the backend can tell cheaply. */
  tail?(
    ref: FollowRef,
    count: number,
    signal?: AbortSignal,
  ): Promise<{ events: TimelineEvent[]; total: number }>;
  /** One event again, whole (Copy, Open in Editor). */
  event(ref: FollowRef, cursor: string, signal?: AbortSignal): Promise<unknown>;
  /**
   * Every event of a sub-run as the server sent it (what `TimelineEvent.raw` holds), from the first to the latest
   * there is now, a page at a time, in order (Save Events as JSONL). Ends when the list does; a live sub-run's later
   * events are not waited for. Errors are the neutral `ApiError`.
   */
  events?(ref: FollowRef, signal?: AbortSignal): AsyncIterable<unknown[]>;

  cancelRun?(runId: string, signal?: AbortSignal): Promise<RunInfo | undefined>;
  /**
   * Starts a run of an agent (`caps.startRun`): `input` is the JSON input (`json`) or the first message's text
   * (`message`). Answers the new run.
   */
  startRun?(agentId: string, input: unknown, options: StartOptions, signal?: AbortSignal): Promise<RunInfo>;
  /** Where runs can be started; a backend that has this needs one picked (`StartOptions.environmentId`). */
  listEnvironments?(signal?: AbortSignal): Promise<EnvironmentInfo[]>;
  /** Archives a run (`caps.archive`); answers it as it is now. */
  archiveRun?(runId: string, signal?: AbortSignal): Promise<RunInfo>;
  /** Deletes a run for good (`caps.delete`). */
  deleteRun?(runId: string, signal?: AbortSignal): Promise<void>;
  inboxUrl?(agentId: string, signal?: AbortSignal): Promise<string>;
  /** Sends a person's message to a run (`caps.reply`); the run's own event stream shows it back. */
  sendMessage?(ref: FollowRef, text: string, signal?: AbortSignal): Promise<void>;
  /** Interrupts what a run is doing (`caps.interrupt`). */
  interrupt?(ref: FollowRef, signal?: AbortSignal): Promise<void>;
  /** Answers a tool use that waits for approval (`caps.approvals`); a denial may say why. */
  answerApproval?(
    ref: FollowRef,
    id: string,
    allow: boolean,
    reason?: string,
    signal?: AbortSignal,
  ): Promise<void>;
  /**
   * The tool uses a run waits on for approval now, oldest first; empty when it waits on none (`caps.approvals`).
   * For runs no panel follows: one or two requests, read from the newest event back.
   */
  pendingApprovals?(runId: string, signal?: AbortSignal): Promise<PendingApproval[]>;
  checkpoints?(runId: string, signal?: AbortSignal): Promise<unknown[]>;
  /** Runs a trigger now (`caps.triggerActions`): the run it started, when it started one at once. */
  runTrigger?(triggerId: string, signal?: AbortSignal): Promise<TriggerRunInfo>;
  /** Pauses or unpauses a trigger; answers the trigger as it is now. */
  setTriggerActive?(triggerId: string, active: boolean, signal?: AbortSignal): Promise<TriggerInfo>;
  /** A trigger's firings, newest first, a page at a time (`caps.triggerRuns`). */
  listTriggerRuns?(
    triggerId: string,
    query: { limit: number; page?: string },
    signal?: AbortSignal,
  ): Promise<Page<TriggerRunInfo>>;

  /** Aborts every request and stream it opened, at once, and refuses new ones. */
  close(): void;
}
