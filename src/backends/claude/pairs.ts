/**
 * Pairs what ends with what started it, as a follow hands events out: a tool result with its tool use (the tool's
 * name and how long it took) and a model request's end with its start (how long). Starts are kept by id, the
 * oldest forgotten first past a bound, so a long session costs fixed memory; a start from before a resume is not
 * known, and its end shows without a duration.
 */
import type { EventPair } from '../types';

const REMEMBERED = 2_000;

/** The events that start a tool call. */
export const TOOL_USES: ReadonlySet<string> = new Set([
  'agent.tool_use',
  'agent.mcp_tool_use',
  'agent.custom_tool_use',
]);
/** A tool result's type → the field naming the tool use it answers. */
export const RESULT_OF: Readonly<Record<string, string>> = {
  'agent.tool_result': 'tool_use_id',
  'agent.mcp_tool_result': 'mcp_tool_use_id',
  'user.custom_tool_result': 'custom_tool_use_id',
  'user.tool_result': 'tool_use_id',
};

interface Start {
  at: number;
  tool?: string;
}

export class Pairs {
  private readonly starts = new Map<string, Start>();

  /** The pair an event closes, if it closes one whose start this follow saw; remembers starts. */
  take(event: {
    id: string;
    type: string;
    processed_at?: string | null;
    [field: string]: unknown;
  }): EventPair | undefined {
    const at = typeof event.processed_at === 'string' ? Date.parse(event.processed_at) : NaN;
    if (TOOL_USES.has(event.type) || event.type === 'span.model_request_start') {
      if (Number.isNaN(at)) return undefined;
      const tool = typeof event.name === 'string' ? event.name : undefined;
      this.starts.set(event.id, tool === undefined ? { at } : { at, tool });
      if (this.starts.size > REMEMBERED) this.starts.delete(this.starts.keys().next().value as string);
      return undefined;
    }
    const key = event.type === 'span.model_request_end' ? 'model_request_start_id' : RESULT_OF[event.type];
    const startId = key === undefined ? undefined : event[key];
    if (typeof startId !== 'string') return undefined;
    const start = this.starts.get(startId);
    if (!start) return undefined;
    this.starts.delete(startId);
    const pair: EventPair = { startId };
    if (start.tool !== undefined) pair.tool = start.tool;
    if (!Number.isNaN(at) && at >= start.at) pair.durationMs = at - start.at;
    return pair;
  }
}
