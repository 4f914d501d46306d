// Scripted sessions for scale tests (admin POST /_sandbox/claude/sessions): exactly N events, made lazily from
// their position (event i is generated when asked for), so 100,000 events cost almost no memory. They repeat a
// realistic turn — message, running, model request, thinking, text, tool use and result, usage, idle — and either
// all exist at once (back-dated, 20 ms apart) or appear live at `ratePerSec`.
import { createRandom, hashSeed } from '../random';
import type { ClaudeContext } from './context';
import type { EventSource, LogEvent } from './event-log';
import { claudeId } from './ids';
import { iso, type AgentRecord, type SessionRecord } from './records';
import { createSession } from './sessions';

export interface ScriptSpec {
  events: number;
  /** 0 = every event exists at once; > 0 = events appear live at this rate. */
  ratePerSec: number;
  /** How the last event leaves the session: idle (end_turn), terminated, or running (no final event). */
  end: 'idle' | 'terminated' | 'running';
}

const CYCLE = [
  'user.message',
  'session.status_running',
  'span.model_request_start',
  'agent.thinking',
  'agent.message',
  'agent.tool_use',
  'span.model_request_end',
  'session.usage',
  'agent.tool_result',
  'span.model_request_start',
  'agent.message',
  'span.model_request_end',
  'session.usage',
  'session.status_idle',
] as const;
const WORDS = ['café', '漢字', '🚀', 'naïve', 'Zürich', 'résumé', '日本語', 'ok'] as const;

function scriptSource(
  seed: number,
  sessionId: string,
  spec: ScriptSpec,
  startMs: number,
  stepMs: number,
): EventSource {
  const last = spec.events - 1;
  const type = (position: number): string => {
    if (position === last && spec.end === 'terminated') return 'session.status_terminated';
    if (position === last && spec.end === 'idle') return 'session.status_idle';
    return CYCLE[position % CYCLE.length] as string;
  };
  const id = (position: number): string =>
    claudeId(createRandom(hashSeed(seed, sessionId, 'scripted', position)), 'sevt');
  return {
    type,
    time: (position) => startMs + position * stepMs,
    event: (position): LogEvent => {
      const event: LogEvent = { id: id(position), type: type(position), processed_at: null };
      const turn = Math.floor(position / CYCLE.length);
      const word = WORDS[position % WORDS.length] as string;
      const text = `Event ${position + 1} (turn ${turn + 1}): ${word} é 漢 🚀`;
      const cycleStart = turn * CYCLE.length;
      switch (event.type) {
        case 'user.message':
        case 'agent.message':
          event.content = [{ type: 'text', text }];
          break;
        case 'agent.tool_use':
          Object.assign(event, {
            name: 'bash',
            input: { command: `echo ${position}` },
            evaluated_permission: 'allow',
            evaluation: { type: 'always_allow' },
          });
          break;
        case 'agent.tool_result':
          Object.assign(event, {
            tool_use_id: id(cycleStart + 5),
            content: [{ type: 'text', text }],
            is_error: false,
          });
          break;
        case 'span.model_request_end': {
          const start = position % CYCLE.length === 6 ? cycleStart + 2 : cycleStart + 9;
          Object.assign(event, {
            is_error: false,
            model_request_start_id: id(start),
            model_usage: {
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 2_000,
              input_tokens: 40,
              output_tokens: 300,
              speed: 'standard',
            },
          });
          break;
        }
        case 'session.usage': {
          const requests = turn * 2 + (position % CYCLE.length === 7 ? 1 : 2);
          Object.assign(event, {
            usage: {
              cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
              cache_read_input_tokens: requests * 2_000,
              input_tokens: requests * 40,
              list_cost: { amount: String(Math.round(requests * 0.57)), currency: 'USD' },
              output_tokens: requests * 300,
            },
          });
          break;
        }
        case 'session.status_idle':
          Object.assign(event, { stop_reason: { type: 'end_turn' }, stop_details: null });
          break;
      }
      event.processed_at = iso(startMs + position * stepMs);
      return event;
    },
  };
}

export function startScriptedSession(
  ctx: ClaudeContext,
  agent: AgentRecord,
  environmentId: string,
  spec: ScriptSpec,
  createdMs = ctx.clock.now(),
): SessionRecord {
  const live = spec.ratePerSec > 0;
  const stepMs = live ? 1000 / spec.ratePerSec : 20;
  const startMs = live ? createdMs : createdMs - spec.events * stepMs;
  const session = createSession(ctx, {
    agent,
    environmentId,
    title: `Scripted session of ${spec.events.toLocaleString('en-US')} events`,
    metadata: { sandbox: 'scripted' },
    source: (sessionId) => scriptSource(ctx.options.seed, sessionId, spec, startMs, stepMs),
    createdMs: live ? createdMs : startMs,
  });
  if (!live) {
    session.log.extend(spec.events);
    return session;
  }
  const started = Date.now();
  const timer = setInterval(
    () => {
      // An event stored in between (the `big` fault, an admin append) ends the script: the generated events
      // can only come before stored ones.
      if (!session.log.canExtend) return stop(false);
      const due = Math.min(spec.events, Math.floor(((Date.now() - started) * spec.ratePerSec) / 1000));
      if (due > session.log.length) session.log.extend(due - session.log.length);
      if (session.log.length >= spec.events) stop(true);
    },
    Math.max(10, Math.min(1000, 1000 / spec.ratePerSec)),
  );
  const stop = (finished: boolean): void => {
    clearInterval(timer);
    if (finished) session.runner.feedEnded();
  };
  session.runner.attachFeed(() => stop(false));
  return session;
}
