/**
 * What a Managed Agents event means for the trace: a turn from a person's message to the idle that ends it, model
 * requests (`span.model_request_*`, with their tokens), tool calls paired with their results, the agent's messages,
 * the wait for an approval, sub-agents' events in their own lane, the session's end and its usage. Pure.
 */
import type { LookContext } from '../types';
import type { TraceFact } from '../../trace/types';
import { oneLineOf } from '../../util/payload';
import { usageOf, type WireUsage } from './mapping';
import { RESULT_OF } from './pairs';
import { contentText, fields, firstLine } from './present';

const DETAIL_MAX = 160;
const shortly = (value: unknown): string => oneLineOf(value, DETAIL_MAX);

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function claudeTraceFact(
  type: string,
  payload: unknown,
  context: LookContext = {},
): TraceFact | undefined {
  const p = fields(payload);
  const fact: TraceFact = {};
  const thread = p.session_thread_id;
  const lane = typeof thread === 'string' ? (context.threadName ?? `thread ${thread}`) : undefined;
  // A sub-agent's own work runs in its lane; what the session says about threads stays on the main one.
  if (lane !== undefined && (type.startsWith('agent.') || type.startsWith('span.'))) fact.lane = lane;
  const id = typeof p.id === 'string' ? p.id : '';
  switch (type) {
    case 'user.message':
      fact.open = {
        key: 'turn',
        kind: 'turn',
        name: firstLine(contentText(p.content)) || 'turn',
        join: true,
      };
      break;
    case 'session.status_idle': {
      const stop = fields(p.stop_reason).type;
      if (stop === 'requires_action')
        fact.open = { key: 'wait', kind: 'wait', name: 'waiting for approval', join: true };
      else
        fact.close = { key: 'turn', ok: stop !== 'retries_exhausted', ifOpen: true, detail: idleText(stop) };
      break;
    }
    case 'session.status_running':
      fact.close = { key: 'wait', ok: true, ifOpen: true };
      break;
    case 'span.model_request_start':
      fact.open = { key: `model:${id}`, kind: 'model', name: 'model request' };
      break;
    case 'span.model_request_end': {
      const usage = fields(p.model_usage);
      fact.close = {
        key: `model:${String(p.model_request_start_id)}`,
        ok: p.is_error !== true,
        tokens: {
          input: num(usage.input_tokens),
          output: num(usage.output_tokens),
          cacheRead: num(usage.cache_read_input_tokens),
        },
      };
      break;
    }
    case 'agent.tool_use':
    case 'agent.mcp_tool_use':
    case 'agent.custom_tool_use': {
      const name = typeof p.name === 'string' ? p.name : 'tool';
      const server = typeof p.mcp_server_name === 'string' ? `${p.mcp_server_name} › ` : '';
      fact.open = { key: `tool:${id}`, kind: 'tool', name: server + name, detail: shortly(p.input) };
      break;
    }
    case 'session.thread_status_idle':
    case 'session.thread_status_terminated':
      // The session's stream shows a sub-agent's tool use only when it asks for approval, never its result: once the
      // sub-agent stops (not to wait for an answer), that call is over.
      if (lane !== undefined && fields(p.stop_reason).type !== 'requires_action')
        fact.laneDone = { lane, detail: 'its result is in the sub-agent’s thread' };
      break;
    case 'user.tool_confirmation':
      // A denied tool never runs, so no result will close it: the denial does, as a failed call that says why.
      // (An allowed one waits for its result.)
      if (p.result === 'deny' && typeof p.tool_use_id === 'string') {
        const why = typeof p.deny_message === 'string' && p.deny_message ? `: ${p.deny_message}` : '';
        fact.close = { key: `tool:${p.tool_use_id}`, ok: false, detail: `denied${why}` };
      }
      break;
    case 'agent.message':
      fact.text = { key: id, text: contentText(p.content), final: true };
      break;
    case 'session.usage': {
      const usage = usageOf(p.usage as WireUsage | undefined);
      if (usage.tokens || usage.cost) fact.usage = usage;
      break;
    }
    case 'session.status_terminated':
    case 'session.deleted':
      fact.end = { state: 'ok' };
      break;
    default: {
      const field = RESULT_OF[type];
      const useId = field === undefined ? undefined : p[field];
      if (typeof useId === 'string') {
        const failed = p.is_error === true;
        fact.close = { key: `tool:${useId}`, ok: !failed, detail: shortly(contentText(p.content)) };
      }
    }
  }
  return Object.keys(fact).length ? fact : undefined;
}

function idleText(stop: unknown): string {
  return typeof stop === 'string' ? stop.replace(/_/g, ' ') : '';
}
