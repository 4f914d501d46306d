/**
 * How Managed Agents events look in the timeline and the output channel: an icon, a level, the sub-agent thread as
 * the group, and a one-line summary from the event's own fields. Unknown types fall back to their type name and
 * keep their payload, never an error. Pure (no `vscode`).
 */
import { CLAUDE_ICONS, type RowLevel } from '../look';
import type { EventLook, EventPair, EventPresenter, LookContext } from '../types';
import { moneyText } from '../../util/money';
import { compact } from '../../util/payload';
import { money } from './mapping';
import { durationText, oneLine } from '../../util/text';
import { claudeTraceFact } from './trace-facts';

const SUMMARY_MAX = 240;

type Fields = Record<string, unknown>;

export function fields(payload: unknown): Fields {
  return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
    ? (payload as Fields)
    : {};
}

/** The text of content blocks (`[{ type: "text", text }]`); other blocks by their type. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => {
      const b = fields(block);
      if (typeof b.text === 'string') return b.text;
      return typeof b.type === 'string' ? `[${b.type}]` : '';
    })
    .filter((text) => text !== '')
    .join(' ');
}

function levelOf(type: string, p: Fields): RowLevel {
  if (type === 'session.error' || p.is_error === true) return 'error';
  if (type === 'session.status_terminated') return 'success';
  if (type.startsWith('user.')) return 'human';
  const stop = fields(p.stop_reason);
  if (type === 'session.status_idle' && stop.type === 'requires_action') return 'human';
  if (type === 'session.status_rescheduled' || type === 'user.interrupt') return 'warning';
  if (p.evaluated_permission === 'ask') return 'human';
  return 'info';
}

function summaryOf(type: string, p: Fields, pair?: EventPair): string {
  const took = pair?.durationMs === undefined ? '' : ` · ${durationText(pair.durationMs)}`;
  switch (type) {
    case 'user.message':
    case 'agent.message':
    case 'system.message':
      return contentText(p.content);
    case 'agent.thinking':
      return 'Thinking…';
    case 'agent.tool_use':
    case 'agent.custom_tool_use':
      return `${String(p.name ?? 'tool')} ${compact(p.input, 160)}${p.evaluated_permission === 'ask' ? ' · needs approval' : ''}`;
    case 'agent.mcp_tool_use':
      return `${String(p.mcp_server_name ?? 'mcp')} › ${String(p.name ?? 'tool')} ${compact(p.input, 140)}`;
    case 'agent.tool_result':
    case 'agent.mcp_tool_result':
    case 'user.custom_tool_result':
    case 'user.tool_result': {
      const output = contentText(p.content) || (p.content === undefined ? '' : compact(p.content, 160));
      const tool = pair?.tool ? `${pair.tool} → ` : '';
      return `${tool}${p.is_error === true ? 'error' : 'ok'}${took}${output ? `: ${output}` : ''}`;
    }
    case 'user.tool_confirmation':
      return `${String(p.result ?? '')}${typeof p.deny_message === 'string' ? `: ${p.deny_message}` : ''}`;
    case 'session.status_idle': {
      const stop = fields(p.stop_reason);
      const waits = Array.isArray(stop.event_ids) ? stop.event_ids.length : 0;
      const what = waits > 0 ? `: ${waits} ${waits === 1 ? 'tool use waits' : 'tool uses wait'}` : '';
      return `idle (${String(stop.type ?? 'no reason')}${what})`;
    }
    case 'session.status_running':
      return 'running';
    case 'session.status_rescheduled':
      return 'rescheduling after a transient error';
    case 'session.status_terminated':
      return 'terminated';
    case 'session.deleted':
      return 'deleted';
    case 'user.interrupt':
      return 'interrupt';
    case 'session.error': {
      const error = fields(p.error);
      const retry = fields(error.retry_status).type;
      return `${String(error.type ?? 'error')}: ${String(error.message ?? '')}${retry ? ` (${String(retry)})` : ''}`;
    }
    case 'session.usage': {
      // Cumulative for the session so far.
      const usage = fields(p.usage);
      const cost = money(usage.list_cost as Parameters<typeof money>[0]);
      const tokens = `${String(usage.input_tokens ?? 0)} in · ${String(usage.output_tokens ?? 0)} out`;
      return cost ? `${tokens} · ${moneyText(cost)} so far` : tokens;
    }
    case 'span.model_request_end': {
      const usage = fields(p.model_usage);
      return `model request ${p.is_error === true ? 'failed' : 'done'}${took} · ${String(usage.input_tokens ?? 0)} in · ${String(usage.output_tokens ?? 0)} out`;
    }
    default:
      return '';
  }
}

/** The first line that says something, `…` when more follows. */
export function firstLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const first = oneLine(lines[0] ?? '', SUMMARY_MAX);
  return lines.length > 1 && !first.endsWith('…') ? `${first} …` : first;
}

export const claudePresenter: EventPresenter = {
  look(type: string, payload: unknown, context: LookContext = {}): EventLook {
    const { pair, threadName } = context;
    const p = fields(payload);
    const level = levelOf(type, p);
    const icon = CLAUDE_ICONS[type] ?? (level === 'error' ? 'bug' : 'circle-small-filled');
    const look: EventLook = {
      summary: oneLine(summaryOf(type, p, pair) || type, SUMMARY_MAX),
      icon: p.is_error === true ? 'error' : icon,
      level,
    };
    const thread = p.session_thread_id ?? p.to_session_thread_id ?? p.from_session_thread_id;
    if (threadName) look.group = threadName;
    else if (typeof thread === 'string') look.group = `thread ${thread}`;
    // The output channel says a message in its first line; the panel shows it all.
    if (type === 'agent.message' || type === 'user.message' || type === 'system.message') {
      const line = firstLine(contentText(p.content));
      if (line !== look.summary) look.line = line;
    }
    const trace = claudeTraceFact(type, payload, context);
    if (trace) look.trace = trace;
    return look;
  },
};
