// Pure presentation rules of the sidebar (no `vscode` import, unit-tested in plain Node): state → icon and colour,
// relative time, durations, descriptions, tooltips, capability words for `contextValue` and the runs filter
// description. Every function that shows a time takes `now`, so one tick of the sidebar's clock renders the Agents
// and Runs views from the same instant. Neutral shapes only: what a backend's records mean is its mapping's job.
import {
  isTerminalState,
  type AgentInfo,
  type RunInfo,
  type RunState,
  type SubRunInfo,
  type TriggerInfo,
} from '../backends/types';
import type { NotificationLevel } from '../core/config';
import { isApiError, isTlsCode } from '../net/errors';
import type { RunFilter } from '../state/store';
import { moneyText } from '../util/money';
import { redactSecrets } from '../util/secrets';
import { statusIcon, statusLabel, type IconSpec } from '../util/status';

export { statusIcon, statusLabel, type IconSpec };

/** Whether a run in this state can be cancelled (known, unfinished states only). */
export function isCancelable(state: RunState | undefined): boolean {
  return state === 'queued' || state === 'running' || state === 'waiting';
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
export function runDuration(run: Pick<RunInfo, 'startedAt' | 'endedAt' | 'state'>, now = Date.now()) {
  const start = run.startedAt ? Date.parse(run.startedAt) : NaN;
  if (Number.isNaN(start)) return undefined;
  const end = run.endedAt ? Date.parse(run.endedAt) : isTerminalState(run.state) ? NaN : now;
  if (Number.isNaN(end)) return undefined;
  return Math.max(0, end - start);
}

/** Short run label: the id's first 8 characters after any prefix (`run_`, `sesn_`…), so lists stay readable. */
export function shortId(id: string): string {
  const bare = id.replace(/^[a-z]+_/i, '');
  return bare.length > 8 ? bare.slice(0, 8) : bare;
}

/** Run label: status and short id. */
export function runLabel(run: Pick<RunInfo, 'id' | 'status' | 'title'>): string {
  // A titled run (a Managed Agents session) is known by its title; an untitled one by its id.
  return `${statusLabel(run.status)} · ${run.title ? oneLineTitle(run.title) : shortId(run.id)}`;
}

function oneLineTitle(title: string): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

/**
 * How long the run took or has been running, labelled so it never reads as an age: `took 1m 05s`,
 * `running for 30s`; empty when there is no such duration (not started, or waiting).
 */
export function durationLabel(run: Pick<RunInfo, 'startedAt' | 'endedAt' | 'state'>, now = Date.now()) {
  const duration = runDuration(run, now);
  if (duration === undefined) return '';
  if (isTerminalState(run.state)) return `took ${formatDuration(duration)}`;
  return run.state === 'running' ? `running for ${formatDuration(duration)}` : '';
}

/**
 * Run description: `agent · 5m ago · took 1m 05s`. The age is the run's creation, the same instant the Agents view
 * shows for an agent's last run, so both views say the same thing about the same run.
 */
export function runDescription(run: RunInfo, agentName: string | undefined, now = Date.now()): string {
  const parts: string[] = [];
  if (agentName) parts.push(agentName);
  parts.push(relativeTime(run.createdAt, now), durationLabel(run, now));
  const attempts = run.subRunCount ?? 1;
  if (attempts > 1) parts.push(`attempt ${attempts}`);
  if (run.cost) parts.push(moneyText(run.cost));
  return parts.filter(Boolean).join(' · ');
}

/** When `runDescription(run, …)` next shows something else (its age, or how long it has been running). */
export function runDescriptionChangesAt(run: RunInfo, now: number): number {
  const age = relativeTimeChangesAt(run.createdAt, now);
  const start = run.startedAt ? Date.parse(run.startedAt) : NaN;
  if (run.state !== 'running' || run.endedAt || Number.isNaN(start)) return age;
  return Math.min(age, durationChangesAt(start, now));
}

/** When `agentDescription(agent, …, lastRun)` next shows something else. */
export function agentDescriptionChangesAt(agent: AgentInfo, now: number, lastRun?: RunInfo): number {
  return relativeTimeChangesAt(lastRun?.createdAt ?? agent.lastRun?.at, now);
}

/**
 * Agent description: last run status and how long ago it was created. `lastRun` is that run as the sidebar knows
 * it (fresher than the agent's own record of its last run, and the record the Runs view shows).
 */
export function agentDescription(agent: AgentInfo, now = Date.now(), lastRun?: RunInfo): string {
  const status = lastRun?.status ?? agent.lastRun?.status;
  if (!status) return 'no runs yet';
  const when = relativeTime(lastRun?.createdAt ?? agent.lastRun?.at, now);
  return when ? `${statusLabel(status)} · ${when}` : statusLabel(status);
}

/** Sub-run description: `current · running · 1,560 events`. */
export function subRunDescription(sub: Pick<SubRunInfo, 'status' | 'eventCount' | 'current'>): string {
  const parts = [statusLabel(sub.status)];
  if (sub.current) parts.unshift('current');
  if (sub.eventCount !== undefined && sub.eventCount !== null)
    parts.push(`${sub.eventCount.toLocaleString('en')} event${sub.eventCount === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Sub-run tooltip: its label, id, and when it started and ended in local time. */
export function subRunTooltip(sub: SubRunInfo): string {
  const when = [
    sub.startedAt ? `started ${localTime(sub.startedAt)}` : '',
    sub.endedAt ? `ended ${localTime(sub.endedAt)}` : '',
  ].filter(Boolean);
  return `${sub.label} (${sub.id})${when.length ? `, ${when.join(', ')}` : ''}`;
}

/** `Attempt 2 of 2`; a sub-run without a number is just its label. */
export function subRunLabel(sub: Pick<SubRunInfo, 'label' | 'no'>, total: number): string {
  return sub.no === undefined ? sub.label : `${sub.label} of ${Math.max(total, sub.no)}`;
}

// ------------------------------------------------------------------------------------------ contextValue

/** Capability words of a run node, matched in package.json with `viewItem =~ /\bword\b/`. */
export function runContextValue(
  run: Pick<RunInfo, 'state' | 'archivedAt'>,
  options: { cancelSupported: boolean; checkpoints?: boolean; archive?: boolean; delete?: boolean },
): string {
  const words = ['run', 'followable', 'copyable', 'json'];
  if (options.checkpoints !== false) words.push('checkpoints');
  if (options.cancelSupported && isCancelable(run.state)) words.push('cancelable');
  if (!isTerminalState(run.state)) words.push('active');
  if (options.archive && !run.archivedAt) words.push('archivable');
  if (options.delete) words.push('deletable');
  return words.join(' ');
}

export function agentContextValue(options: { hasChatwoot: boolean; startable?: boolean }): string {
  const words = ['agent'];
  if (options.startable !== false) words.push('startable');
  words.push('runs', 'copyable', 'json');
  if (options.hasChatwoot) words.push('inbox');
  return words.join(' ');
}

export function triggerContextValue(trigger: Pick<TriggerInfo, 'inbox'>): string {
  const words = ['trigger', 'copyable', 'json'];
  if (trigger.inbox) words.push('inbox');
  return words.join(' ');
}

export function subRunContextValue(current: boolean): string {
  return current ? 'attempt followable copyable json current' : 'attempt followable copyable json';
}

/** Does the space-separated `contextValue` contain `word` (the same test as `/\bword\b/` in a when clause)? */
export function hasWord(contextValue: string | undefined, word: string): boolean {
  return new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(contextValue ?? '');
}

// ------------------------------------------------------------------------------------------ filter

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

// ------------------------------------------------------------------------------------------ tooltips

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

export function agentTooltip(agent: AgentInfo, now = Date.now(), lastRun?: RunInfo): string {
  const lines = [`**${escapeMarkdown(agent.name)}**`, '', `ID: ${code(agent.id)}`];
  for (const fact of agent.facts ?? []) lines.push(factLine(fact));
  const status = lastRun?.status ?? agent.lastRun?.status;
  const runId = lastRun?.id ?? agent.lastRun?.id;
  const at = lastRun?.createdAt ?? agent.lastRun?.at;
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

/** `Label: value`, the value as code when it is an id. */
function factLine(fact: { label: string; value: string; code?: boolean }): string {
  return `${escapeMarkdown(fact.label)}: ${fact.code ? code(fact.value) : escapeMarkdown(fact.value)}`;
}

export function runTooltip(run: RunInfo, agentName: string | undefined, now = Date.now()): string {
  const lines = [
    `**Run ${code(run.id)}**`,
    `Status: ${escapeMarkdown(statusLabel(run.status))}`,
    `Agent: ${agentName ? escapeMarkdown(agentName) : ''} ${run.agentId ? code(run.agentId) : ''}`.trim(),
    `Created: ${when(run.createdAt, now)}`,
  ];
  // Only the times the description also shows are relative, so the tooltip changes when the description does.
  if (run.startedAt) lines.push(`Started: ${escapeMarkdown(localTime(run.startedAt))}`);
  if (run.endedAt) lines.push(`Ended: ${escapeMarkdown(localTime(run.endedAt))}`);
  const duration = durationLabel(run, now);
  if (duration) lines.push(`Duration: ${duration}`);
  if (run.archivedAt) lines.push(`Archived: ${escapeMarkdown(localTime(run.archivedAt))}`);
  for (const fact of run.facts ?? []) lines.push(factLine(fact));
  if (run.error) lines.push(`Error: ${escapeMarkdown(run.error.slice(0, 300))}`);
  return lines.join('  \n');
}

export function triggerTooltip(trigger: TriggerInfo): string {
  const lines = [
    `**${escapeMarkdown(trigger.name)}**`,
    `Type: ${code(trigger.type)}`,
    `ID: ${code(trigger.id)}`,
    `Enabled: ${trigger.active ? 'yes' : 'no'}`,
  ];
  if (trigger.summary) lines.push(`Config: ${escapeMarkdown(trigger.summary)}`);
  return lines.join('  \n');
}

// ------------------------------------------------------------------------------------------ notifications

/** Whether a status change of a run raises a notification at this level. */
export function shouldNotify(
  previous: { state: RunState; status: string } | undefined,
  next: { state: RunState; status: string },
  level: NotificationLevel,
): boolean {
  if (level === 'off' || previous === undefined || previous.status === next.status) return false;
  if (isTerminalState(previous.state)) return false;
  if (next.state === 'failed' || next.state === 'waiting') return true;
  return level === 'all' && next.state === 'completed';
}

/** Why the server is unreachable, as a category the welcome content can name (it cannot show free text). */
export function unreachableReason(error: unknown): string {
  if (isApiError(error, 'timeout')) return 'timeout';
  if (!isApiError(error, 'unreachable')) return 'other';
  const code = error.code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (isTlsCode(code)) return 'tls';
  return 'other';
}
