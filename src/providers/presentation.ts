// Pure presentation rules of the sidebar (no `vscode` import, unit-tested in plain Node): status → icon and
// colour, relative time, durations, descriptions, tooltips, capability words for `contextValue`, the runs
// filter description and a trigger config summary that never shows a secret. Every function that shows a time
// takes `now`, so one tick of the sidebar's clock renders the Agents and Runs views from the same instant.
import type { Agent, Run, RunAttempt, RunStatus, Trigger } from '../backends/agentos/wire';

/** A codicon id (with `~spin` where it spins) and an optional theme colour id. */
export interface IconSpec {
  id: string;
  color?: string;
}

export const TERMINAL_STATUSES: readonly string[] = ['completed', 'failed', 'cancelled'];

/** Completed, failed and cancelled runs change no more. Unknown statuses count as not terminal. */
export function isTerminal(status: RunStatus | null | undefined): boolean {
  return typeof status === 'string' && TERMINAL_STATUSES.includes(status.toLowerCase());
}

/** Whether a run in this status can be cancelled (known, non-terminal statuses only). */
export function isCancelable(status: RunStatus | null | undefined): boolean {
  const s = typeof status === 'string' ? status.toLowerCase() : '';
  return s === 'queued' || s === 'running' || s === 'waiting_for_human' || s === 'resumed';
}

/** Icon per status: spinning while running, distinct for waiting_for_human, neutral for unknown. */
export function statusIcon(status: RunStatus | null | undefined): IconSpec {
  switch (typeof status === 'string' ? status.toLowerCase() : '') {
    case 'queued':
      return { id: 'clock', color: 'charts.yellow' };
    case 'running':
      return { id: 'sync~spin', color: 'charts.blue' };
    case 'resumed':
      return { id: 'debug-continue', color: 'charts.blue' };
    case 'waiting_for_human':
      return { id: 'person', color: 'charts.orange' };
    case 'completed':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'cancelled':
      return { id: 'circle-slash', color: 'disabledForeground' };
    case '':
      return { id: 'circle-large-outline' };
    default:
      return { id: 'question' };
  }
}

/** `waiting_for_human` → `waiting for human`; unknown statuses are shown as they come. */
export function statusLabel(status: RunStatus | null | undefined): string {
  if (typeof status !== 'string' || status === '') return 'no runs yet';
  return status.replace(/_/g, ' ');
}

/** Icon per trigger type (an open set: unknown types get a neutral icon). */
export function triggerIcon(type: string): IconSpec {
  switch (type.toLowerCase()) {
    case 'chatwoot':
      return { id: 'comment-discussion' };
    case 'evolution_whatsapp':
      return { id: 'device-mobile' };
    case 'webhook':
      return { id: 'globe' };
    case 'schedule':
      return { id: 'calendar' };
    default:
      return { id: 'zap' };
  }
}

/** `12s ago`, `5m ago`, `3h ago`, `2d ago`; `in the future` is clamped to `just now`. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ago`;
  const d = Math.floor(h / 24);
  if (d < 60) return `${d}d ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * When `relativeTime(iso, …)` next shows something else (ms since the epoch; Infinity when never), so the sidebar's
 * clock re-renders a row only when its text changes — and the Agents and Runs rows of one run at the same tick.
 */
export function relativeTimeChangesAt(iso: string | null | undefined, now: number): number {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return Infinity;
  const s = Math.max(0, Math.round((now - t) / 1000));
  let next: number;
  if (s < 5) next = 5;
  else if (s < 60) next = s + 1;
  else if (s < 3600) next = (Math.floor(s / 60) + 1) * 60;
  else if (s < 48 * 3600) next = (Math.floor(s / 3600) + 1) * 3600;
  else if (s < 60 * 86_400) next = (Math.floor(s / 86_400) + 1) * 86_400;
  else return Infinity;
  // relativeTime rounds to the nearest second: second `next` begins half a second early.
  return t + (next - 0.5) * 1000;
}

/** When `formatDuration(now - start)` next shows something else: each second, then each minute from an hour on. */
export function durationChangesAt(start: number, now: number): number {
  const elapsed = Math.max(0, now - start);
  if (elapsed < 3_600_000) return start + (Math.floor(elapsed / 1000) + 1) * 1000;
  return start + (Math.floor(elapsed / 60_000) + 1) * 60_000;
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A timestamp in the reader's local time zone and locale, as VS Code's own hovers show dates (`Jun 1, 2025,
 * 2:00:00 PM`), never the raw UTC string. `locale` and `timeZone` are for tests. (One formatter per locale: building
 * one per call is what makes toLocaleString slow.)
 */
export function localTime(
  iso: string | null | undefined,
  options: { locale?: string; timeZone?: string } = {},
): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const key = `${options.locale ?? ''}|${options.timeZone ?? ''}`;
  let format = localFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(options.locale, {
      dateStyle: 'medium',
      timeStyle: 'medium',
      timeZone: options.timeZone,
    });
    localFormats.set(key, format);
  }
  return format.format(t);
}

/** `850ms`, `42s`, `3m 05s`, `2h 07m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

/** How long a run took (finished) or has been going (started, not finished); undefined when not started. */
export function runDuration(run: Pick<Run, 'started_at' | 'completed_at' | 'status'>, now = Date.now()) {
  const start = run.started_at ? Date.parse(run.started_at) : NaN;
  if (Number.isNaN(start)) return undefined;
  const end = run.completed_at ? Date.parse(run.completed_at) : isTerminal(run.status) ? NaN : now;
  if (Number.isNaN(end)) return undefined;
  return Math.max(0, end - start);
}

/** Short run label: the id's first 8 characters after any prefix, so lists stay readable. */
export function shortId(id: string): string {
  const bare = id.replace(/^[a-z]+_/i, '');
  return bare.length > 8 ? bare.slice(0, 8) : bare;
}

/** Run label: status and short id. */
export function runLabel(run: Pick<Run, 'id' | 'status'>): string {
  return `${statusLabel(run.status)} · ${shortId(run.id)}`;
}

/**
 * How long the run took or has been running, labelled so it never reads as an age: `took 1m 05s`,
 * `running for 30s`; empty when there is no such duration (not started, or waiting).
 */
export function durationLabel(run: Pick<Run, 'started_at' | 'completed_at' | 'status'>, now = Date.now()) {
  const duration = runDuration(run, now);
  if (duration === undefined) return '';
  if (isTerminal(run.status)) return `took ${formatDuration(duration)}`;
  return run.status === 'running' ? `running for ${formatDuration(duration)}` : '';
}

/**
 * Run description: `agent · 5m ago · took 1m 05s`. The age is the run's creation, the same instant the Agents view
 * shows for an agent's last run, so both views say the same thing about the same run.
 */
export function runDescription(run: Run, agentName: string | undefined, now = Date.now()): string {
  const parts: string[] = [];
  if (agentName) parts.push(agentName);
  parts.push(relativeTime(run.created_at, now), durationLabel(run, now));
  const attempts = run.current_attempt_no ?? 1;
  if (attempts > 1) parts.push(`attempt ${attempts}`);
  return parts.filter(Boolean).join(' · ');
}

/** When `runDescription(run, …)` next shows something else (its age, or how long it has been running). */
export function runDescriptionChangesAt(run: Run, now: number): number {
  const age = relativeTimeChangesAt(run.created_at, now);
  const start = run.started_at ? Date.parse(run.started_at) : NaN;
  if (run.status !== 'running' || run.completed_at || Number.isNaN(start)) return age;
  return Math.min(age, durationChangesAt(start, now));
}

/** When `agentDescription(agent, …, lastRun)` next shows something else. */
export function agentDescriptionChangesAt(agent: Agent, now: number, lastRun?: Run): number {
  return relativeTimeChangesAt(lastRun?.created_at ?? agent.last_run_at, now);
}

/**
 * Agent description: last run status and how long ago it was created. `lastRun` is that run as the sidebar knows
 * it (fresher than the agent's own `last_run_*` fields, and the record the Runs view shows).
 */
export function agentDescription(agent: Agent, now = Date.now(), lastRun?: Run): string {
  const status = lastRun?.status ?? agent.last_run_status;
  if (!status) return 'no runs yet';
  const when = relativeTime(lastRun?.created_at ?? agent.last_run_at, now);
  return when ? `${statusLabel(status)} · ${when}` : statusLabel(status);
}

/** Attempt description: `current · running · 1,560 events`. */
export function attemptDescription(
  attempt: Pick<RunAttempt, 'status' | 'latest_seq'>,
  current: boolean,
): string {
  const parts = [statusLabel(attempt.status)];
  if (current) parts.unshift('current');
  if (attempt.latest_seq !== undefined && attempt.latest_seq !== null)
    parts.push(`${attempt.latest_seq.toLocaleString('en')} event${attempt.latest_seq === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Attempt tooltip: number, id, and when it started and ended in local time. */
export function attemptTooltip(attempt: RunAttempt): string {
  const when = [
    attempt.started_at ? `started ${localTime(attempt.started_at)}` : '',
    attempt.completed_at ? `ended ${localTime(attempt.completed_at)}` : '',
  ].filter(Boolean);
  return `Attempt ${attempt.attempt_no} (${attempt.id})${when.length ? `, ${when.join(', ')}` : ''}`;
}

/** `Attempt 2 of 2 (current)`. */
export function attemptLabel(attempt: Pick<RunAttempt, 'attempt_no'>, total: number): string {
  return `Attempt ${attempt.attempt_no} of ${Math.max(total, attempt.attempt_no)}`;
}

// ------------------------------------------------------------------------------------------ contextValue

/** Capability words of a run node, matched in package.json with `viewItem =~ /\bword\b/`. */
export function runContextValue(run: Pick<Run, 'status'>, options: { cancelSupported: boolean }): string {
  const words = ['run', 'followable', 'copyable', 'json', 'checkpoints'];
  if (options.cancelSupported && isCancelable(run.status)) words.push('cancelable');
  if (!isTerminal(run.status)) words.push('active');
  return words.join(' ');
}

export function agentContextValue(options: { hasChatwoot: boolean }): string {
  const words = ['agent', 'startable', 'runs', 'copyable', 'json'];
  if (options.hasChatwoot) words.push('inbox');
  return words.join(' ');
}

export function triggerContextValue(trigger: Trigger): string {
  const words = ['trigger', 'copyable', 'json'];
  if (isChatwootTrigger(trigger)) words.push('inbox');
  return words.join(' ');
}

export function attemptContextValue(current: boolean): string {
  return current ? 'attempt followable copyable current' : 'attempt followable copyable';
}

/** Does the space-separated `contextValue` contain `word` (the same test as `/\bword\b/` in a when clause)? */
export function hasWord(contextValue: string | undefined, word: string): boolean {
  return new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(contextValue ?? '');
}

/** The same rule as the API client's Chatwoot trigger choice (kept in step with src/api/chatwoot.ts). */
export function isChatwootTrigger(trigger: Pick<Trigger, 'type' | 'config'>): boolean {
  const type = String(trigger.type).toLowerCase();
  if (type === 'chatwoot') return true;
  return (
    type === 'evolution_whatsapp' && String(trigger.config?.chat_platform ?? '').toLowerCase() === 'chatwoot'
  );
}

// ------------------------------------------------------------------------------------------ filter

export interface RunFilter {
  /** The connection whose agent the filter names (agent ids belong to one server). */
  connectionId?: string;
  agentId?: string;
  agentName?: string;
  status?: string;
}

export function isFilterEmpty(filter: RunFilter): boolean {
  return !filter.agentId && !filter.status;
}

/** The Runs view's description: `agent: Sales Bot · status: failed`, or empty. */
export function filterDescription(filter: RunFilter): string {
  const parts: string[] = [];
  if (filter.agentId) parts.push(`agent: ${filter.agentName ?? shortId(filter.agentId)}`);
  if (filter.status) parts.push(`status: ${statusLabel(filter.status)}`);
  return parts.join(' · ');
}

// ------------------------------------------------------------------------------------------ secrets

const SECRET_NAME =
  /secret|token|password|passwd|api[_-]?key|apikey|auth|bearer|private|signature|hmac|cookie/i;

/** True for a config field name that may hold a secret (its value is never shown). */
export function isSecretField(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A URL without user:password@, query or fragment (those can carry tokens). */
function safeUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return text;
  }
}

function shortValue(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const v = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? safeUrl(value) : value;
    return v.length > 40 ? `${v.slice(0, 39)}…` : v;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * A one-line summary of a trigger's config: cron and timezone, method and path, platform, and whether a
 * credential is attached — never the value of a field whose name suggests a secret, never a URL's credentials.
 */
export function configSummary(type: string, config: Record<string, unknown> | undefined): string {
  if (!config) return '';
  const parts: string[] = [];
  const used = new Set<string>();
  const take = (key: string, format: (v: string) => string = (v) => v): void => {
    if (used.has(key)) return;
    used.add(key);
    const v = shortValue(config[key]);
    if (v !== undefined && v !== '' && !isSecretField(key)) parts.push(format(v));
  };
  switch (type.toLowerCase()) {
    case 'schedule':
      take('cron');
      take('timezone');
      break;
    case 'webhook':
      take('method');
      take('path');
      break;
    case 'chatwoot':
    case 'evolution_whatsapp':
      take('chat_platform', (v) => `via ${v}`);
      take('instance', (v) => `instance ${v}`);
      take('inbox_id', (v) => `inbox ${v}`);
      break;
  }
  for (const [key, value] of Object.entries(config)) {
    if (parts.length >= 3) break;
    if (used.has(key) || key === 'credential_id' || isSecretField(key) || key.endsWith('_ref')) continue;
    const v = shortValue(value);
    if (v !== undefined && v !== '') parts.push(`${key}: ${v}`);
    used.add(key);
  }
  if (typeof config.credential_id === 'string' || typeof config.credential_id === 'number')
    parts.push('credential attached');
  if (Object.keys(config).some((k) => isSecretField(k) || k.endsWith('_ref'))) parts.push('secret set');
  return parts.join(' · ');
}

/** A copy of a JSON value with the values of secret-named fields replaced by `***` (for display). */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretField(k) && v !== null && typeof v !== 'object' ? '***' : redactSecrets(v, depth + 1);
  }
  return out;
}

// ------------------------------------------------------------------------------------------ tooltips

/** Escapes text for a Markdown tooltip (so names cannot inject links or formatting). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** `Jun 1, 2025, 2:00:00 PM (5m ago)`, escaped for Markdown. */
function when(iso: string | null | undefined, now: number): string {
  const ago = relativeTime(iso, now);
  return escapeMarkdown(`${localTime(iso)}${ago ? ` (${ago})` : ''}`);
}

export function agentTooltip(agent: Agent, now = Date.now(), lastRun?: Run): string {
  const lines = [`**${escapeMarkdown(agent.name)}**`, '', `ID: ${code(agent.id)}`];
  lines.push(`Live bundle: ${agent.live_bundle_id ? code(agent.live_bundle_id) : 'none'}`);
  const status = lastRun?.status ?? agent.last_run_status;
  const runId = lastRun?.id ?? agent.last_run_id;
  const at = lastRun?.created_at ?? agent.last_run_at;
  if (status) {
    lines.push(
      `Last run: ${escapeMarkdown(statusLabel(status))}${runId ? ` ${code(runId)}` : ''}${at ? `, created ${when(at, now)}` : ''}`,
    );
  } else lines.push('Last run: none');
  let text = lines.join('  \n');
  if (agent.metadata !== undefined && agent.metadata !== null) {
    const json = JSON.stringify(redactSecrets(agent.metadata), null, 2) ?? '';
    const clipped = json.length > 800 ? `${json.slice(0, 800)}\n…` : json;
    const fence = '```';
    text += `\n\nMetadata:\n\n${fence}json\n${clipped.replace(/```/g, "'''")}\n${fence}`;
  }
  return text;
}

export function runTooltip(run: Run, agentName: string | undefined, now = Date.now()): string {
  const lines = [
    `**Run ${code(run.id)}**`,
    `Status: ${escapeMarkdown(statusLabel(run.status))}`,
    `Agent: ${agentName ? escapeMarkdown(agentName) : ''} ${run.agent_id ? code(run.agent_id) : ''}`.trim(),
    `Created: ${when(run.created_at, now)}`,
  ];
  // Only the times the description also shows are relative, so the tooltip changes when the description does.
  if (run.started_at) lines.push(`Started: ${escapeMarkdown(localTime(run.started_at))}`);
  if (run.completed_at) lines.push(`Ended: ${escapeMarkdown(localTime(run.completed_at))}`);
  const duration = durationLabel(run, now);
  if (duration) lines.push(`Duration: ${duration}`);
  if (run.thread_id) lines.push(`Thread: ${code(run.thread_id)}`);
  if (run.current_attempt_no) lines.push(`Attempt: ${run.current_attempt_no}`);
  if (run.error !== undefined && run.error !== null) {
    const text = typeof run.error === 'string' ? run.error : JSON.stringify(run.error);
    lines.push(`Error: ${escapeMarkdown(text.slice(0, 300))}`);
  }
  return lines.join('  \n');
}

export function triggerTooltip(trigger: Trigger): string {
  const lines = [
    `**${escapeMarkdown(trigger.name ?? trigger.type)}**`,
    `Type: ${code(trigger.type)}`,
    `ID: ${code(trigger.id)}`,
    `Enabled: ${trigger.enabled === false ? 'no' : 'yes'}`,
  ];
  const summary = configSummary(trigger.type, trigger.config);
  if (summary) lines.push(`Config: ${escapeMarkdown(summary)}`);
  return lines.join('  \n');
}

// ------------------------------------------------------------------------------------------ notifications

export type NotificationLevel = 'off' | 'failuresAndHumanInput' | 'all';

/** Whether a status change of a shown run raises a notification at this level. */
export function shouldNotify(
  previous: RunStatus | undefined,
  next: RunStatus,
  level: NotificationLevel,
): boolean {
  if (level === 'off' || previous === undefined || previous === next) return false;
  if (isTerminal(previous)) return false;
  if (next === 'failed' || next === 'waiting_for_human') return true;
  return level === 'all' && next === 'completed';
}

/** Why the server is unreachable, as a category the welcome content can name (it cannot show free text). */
export function unreachableReason(message: string | undefined): string {
  const m = (message ?? '').toLowerCase();
  if (m.includes('refused')) return 'refused';
  if (m.includes('dns') || m.includes('resolved')) return 'dns';
  if (m.includes('timed out') || m.includes('did not answer')) return 'timeout';
  if (m.includes('tls') || m.includes('certificate')) return 'tls';
  return 'other';
}
