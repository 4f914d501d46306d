/**
 * What an AgentOS event means for the trace: a node's steps (`NODE_STARTED` … `NODE_OUTPUT`), tool calls paired by
 * `call_id`, runs of `LLM_TOKEN` joined into one message per node, a wait for a human, the run's end, and usage where
 * an event carries it. Pure (no `vscode`).
 */
import type { TraceFact, TraceUsage } from '../../trace/types';
import { oneLineOf } from '../../util/payload';
import { hasError, isObject, payloadErrorText, str } from './present';

type Fields = Record<string, unknown>;

const DETAIL_MAX = 160;
const shortly = (value: unknown): string => oneLineOf(value, DETAIL_MAX);

export function agentOsTraceFact(type: string, payload: unknown): TraceFact | undefined {
  const p: Fields = isObject(payload) ? payload : {};
  const node = str(p.node) ?? str(p.node_id) ?? str(p.step_name);
  const nodeKey = `node:${node ?? ''}`;
  const fact: TraceFact = {};
  const usage = usageOf(p.usage);
  if (usage) fact.usage = usage;
  switch (type.toUpperCase()) {
    case 'NODE_STARTED': {
      const step = str(p.step);
      fact.open = { key: nodeKey, kind: 'step', name: `${node ?? 'node'}${step ? ` · step ${step}` : ''}` };
      break;
    }
    case 'NODE_OUTPUT': {
      const out = p.output;
      const text = out !== null && typeof out === 'object' ? (out as Fields).text : out;
      fact.close = {
        key: nodeKey,
        ok: true,
        ifOpen: true,
        detail: shortly(typeof text === 'string' ? text : out),
      };
      break;
    }
    case 'LLM_TOKEN': {
      const text = p.token ?? p.text ?? p.content;
      fact.text = { key: nodeKey, text: typeof text === 'string' ? text : '' };
      break;
    }
    case 'TOOL_CALL': {
      const tool = str(p.tool) ?? str(p.name) ?? 'tool';
      const args = p.arguments ?? p.args ?? p.input;
      fact.open = { key: `call:${str(p.call_id) ?? tool}`, kind: 'tool', name: tool, detail: shortly(args) };
      break;
    }
    case 'TOOL_RESULT': {
      const failed = hasError(p);
      const key = `call:${str(p.call_id) ?? str(p.tool) ?? str(p.name) ?? 'tool'}`;
      const detail = failed ? (payloadErrorText(p.error) ?? 'error') : shortly(p.result ?? p.output);
      fact.close = { key, ok: !failed, detail };
      break;
    }
    case 'HUMAN_INPUT_REQUESTED':
      fact.open = {
        key: 'wait',
        kind: 'wait',
        name: 'waiting for a human',
        detail: shortly(p.prompt),
        join: true,
      };
      break;
    case 'RUN_FINISHED':
      fact.end = { state: 'ok' };
      break;
    case 'RUN_FAILED':
      fact.end = { state: 'error', detail: payloadErrorText(p.error) ?? 'failed' };
      break;
    case 'RUN_CANCELLED':
      fact.end = { state: 'cancelled', detail: str(p.reason) ?? 'cancelled' };
      break;
  }
  return Object.keys(fact).length ? fact : undefined;
}

/** `usage` with OpenAI-style or Anthropic-style token counts, and a cost in dollars when the event says one. */
function usageOf(raw: unknown): TraceUsage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const u = raw as Fields;
  const input = u.input_tokens ?? u.prompt_tokens;
  const output = u.output_tokens ?? u.completion_tokens;
  const usage: TraceUsage = {};
  if (typeof input === 'number' || typeof output === 'number')
    usage.tokens = {
      input: typeof input === 'number' ? input : 0,
      output: typeof output === 'number' ? output : 0,
    };
  if (typeof u.cost_usd === 'number' && Number.isFinite(u.cost_usd))
    usage.cost = { amount: u.cost_usd, currency: 'USD' };
  return usage.tokens || usage.cost ? usage : undefined;
}
