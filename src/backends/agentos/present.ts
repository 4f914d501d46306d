/**
 * How AgentOS events look in the timeline and the output channel: icon, level, step, one-line summary, the status
 * an event implies. Pure (no `vscode` import); unit-tested in test/unit/backends/agentos.
 */
import { AGENTOS_ICONS as ICONS, type RowLevel } from '../look';
import type { EventLook, EventPresenter } from '../types';
import { compact } from '../../util/payload';
import { oneLine, typeName } from '../../util/text';
import { agentOsTraceFact } from './trace-facts';

const SUMMARY_MAX = 240;

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function hasError(payload: unknown): boolean {
  if (!isObject(payload)) return false;
  return (payload.error !== undefined && payload.error !== null) || payload.ok === false;
}

export function levelOf(type: string, payload: unknown): RowLevel {
  const t = type.toUpperCase();
  if (t === 'RUN_FINISHED') return 'success';
  if (t === 'RUN_FAILED' || t.includes('ERROR') || t.includes('FAIL') || hasError(payload)) return 'error';
  if (t === 'RUN_CANCELLED' || t.includes('WARN') || t.includes('RETRY')) return 'warning';
  if (t.startsWith('HUMAN_')) return 'human';
  return 'info';
}

export function iconOf(type: string, payload: unknown): string {
  const t = type.toUpperCase();
  if (t === 'TOOL_RESULT' && hasError(payload)) return 'error';
  const known = ICONS[t];
  if (known) return known;
  const level = levelOf(t, payload);
  if (level === 'error') return 'bug';
  if (level === 'warning') return 'warning';
  return 'circle-small-filled';
}

/** "planner · step 2" when the payload names a node and/or step; undefined otherwise. */
export function groupOf(payload: unknown): string | undefined {
  if (!isObject(payload)) return undefined;
  const node = str(payload.node) ?? str(payload.node_id) ?? str(payload.step_name);
  const step =
    typeof payload.step === 'number' || typeof payload.step === 'string' ? payload.step : undefined;
  if (node === undefined && step === undefined) return undefined;
  const parts = [
    node !== undefined ? oneLine(node, 60) : undefined,
    step !== undefined ? `step ${oneLine(String(step), 20)}` : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

export function payloadErrorText(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error === 'string') return error;
  if (isObject(error)) {
    const message = str(error.message) ?? str(error.error) ?? str(error.detail);
    const code = str(error.code);
    if (message && code) return `${message} (${code})`;
    return message ?? code ?? compact(error, 120);
  }
  return compact(error, 120);
}

function firstText(payload: Record<string, unknown>): string | undefined {
  for (const key of ['message', 'text', 'summary', 'prompt', 'content', 'reason', 'status', 'name']) {
    const v = str(payload[key]);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** The one-line summary of an event (plain text, already folded and bounded). */
export function summarize(typeRaw: unknown, payload: unknown): string {
  return oneLine(rawSummary(typeName(typeRaw).toUpperCase(), payload));
}

function rawSummary(type: string, payload: unknown): string {
  if (!isObject(payload)) {
    if (payload === undefined || payload === null) return '';
    return typeof payload === 'string' ? payload : compact(payload, SUMMARY_MAX);
  }
  const p = payload;
  const node = str(p.node);
  const prefix = node ? `${node}: ` : '';
  switch (type) {
    case 'RUN_STARTED': {
      const agent = str(p.agent) ?? str(p.agent_name);
      const attempt = str(p.attempt_no);
      const bits = ['Run started'];
      if (agent) bits.push(`agent ${agent}`);
      if (attempt) bits.push(`attempt ${attempt}`);
      const text = firstText(p);
      if (text) bits.push(text);
      return bits.join(' · ');
    }
    case 'NODE_STARTED':
      return `${node ?? 'node'} started${p.step !== undefined ? ` (step ${str(p.step) ?? '?'})` : ''}`;
    case 'LLM_TOKEN':
      return `${prefix}${JSON.stringify(str(p.token) ?? str(p.text) ?? '')}`;
    case 'TOOL_CALL': {
      const tool = str(p.tool) ?? str(p.name) ?? 'tool';
      const args = p.arguments ?? p.args ?? p.input;
      return `${prefix}${tool}(${args === undefined ? '' : compact(args, 160)})`;
    }
    case 'TOOL_RESULT': {
      const tool = str(p.tool) ?? str(p.name) ?? str(p.call_id) ?? 'tool';
      const err = payloadErrorText(p.error);
      if (err !== undefined || p.ok === false) return `${prefix}${tool} failed: ${err ?? 'error'}`;
      const ms = typeof p.duration_ms === 'number' ? ` in ${p.duration_ms} ms` : '';
      const result = p.result ?? p.output;
      return `${prefix}${tool} ok${ms}${result === undefined ? '' : ` → ${compact(result, 140)}`}`;
    }
    case 'NODE_OUTPUT': {
      const out = p.output;
      const text = isObject(out) ? (str(out.text) ?? compact(out, 180)) : (str(out) ?? firstText(p));
      return `${prefix}${text ?? compact(p, 180)}`;
    }
    case 'HUMAN_INPUT_REQUESTED':
      return `Waiting for a human${node ? ` at ${node}` : ''}: ${str(p.prompt) ?? firstText(p) ?? ''}`;
    case 'RUN_FINISHED': {
      const out = p.output;
      const text = isObject(out) ? (str(out.text) ?? compact(out, 180)) : str(out);
      return `Run finished${text ? `: ${text}` : ''}`;
    }
    case 'RUN_FAILED':
      return `Run failed: ${payloadErrorText(p.error) ?? firstText(p) ?? 'no reason given'}`;
    case 'RUN_CANCELLED': {
      const reason = str(p.reason) ?? str(p.message);
      const next = str(p.next_attempt_no);
      return `Run cancelled${reason ? `: ${reason}` : ''}${next ? ` (attempt ${next} started)` : ''}`;
    }
    default: {
      const err = payloadErrorText(p.error);
      if (err) return `${prefix}${err}`;
      const text = firstText(p);
      return text !== undefined ? `${prefix}${text}` : compact(p, SUMMARY_MAX);
    }
  }
}

/** A single streamed token's text (runs of them are joined in the output channel), or undefined. */
export function tokenOf(type: string, payload: unknown): string | undefined {
  if (type.toUpperCase() !== 'LLM_TOKEN') return undefined;
  if (!isObject(payload)) return typeof payload === 'string' ? payload : '';
  const text = payload.token ?? payload.text ?? payload.content;
  return typeof text === 'string' ? text : '';
}

export const agentOsPresenter: EventPresenter = {
  look(typeRaw: string, payload: unknown): EventLook {
    const type = typeName(typeRaw);
    const look: EventLook = {
      summary: summarize(type, payload),
      icon: iconOf(type, payload),
      level: levelOf(type, payload),
    };
    const group = groupOf(payload);
    if (group !== undefined) look.group = group;
    const token = tokenOf(type, payload);
    if (token !== undefined) look.token = token;
    const trace = agentOsTraceFact(type, payload);
    if (trace) look.trace = trace;
    return look;
  },
};
