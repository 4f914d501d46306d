// Scripted attempts (admin POST /_sandbox/runs, demo history, scale runs): exactly N events, generated lazily
// from the seq so a million events cost no memory, either all present at once or appearing at a fixed rate.
import type { SandboxContext } from './context';
import type { EventBody, EventGenerator } from './ledger';
import { createAttempt } from './lifecycle';
import type { AttemptRecord, Driver, RunRecord, TerminalType } from './types';

export interface ScriptSpec {
  events: number;
  /** 0 = every event exists at once; > 0 = events appear live at this rate. */
  ratePerSec: number;
  /** Extra text of this many bytes in every generated payload (0 = none). */
  payloadBytes: number;
  terminal: TerminalType | 'none';
  script?: { type: string; payload: unknown }[];
  /** Epoch ms of seq 1's timestamp. */
  startedAt: number;
  /** History: every event exists now, with timestamps spaced as if they had come at ratePerSec. */
  instant?: boolean;
}

const CYCLE = ['NODE_STARTED', 'LLM_TOKEN', 'TOOL_CALL', 'TOOL_RESULT', 'LLM_TOKEN', 'NODE_OUTPUT'] as const;
const WORDS = ['café', '漢字', '🚀', 'naïve', 'Zürich', 'résumé', '日本語', 'ok'] as const;

export function scriptedGenerator(spec: ScriptSpec): EventGenerator {
  const stepMs = spec.ratePerSec > 0 ? 1000 / spec.ratePerSec : 1;
  const padding = spec.payloadBytes > 0 ? paddingText(spec.payloadBytes) : undefined;
  return (seq: number): EventBody => {
    const timestamp = new Date(spec.startedAt + (seq - 1) * stepMs).toISOString();
    const scripted = spec.script?.[seq - 1];
    const isLast = seq === spec.events && spec.terminal !== 'none';
    if (scripted && !(isLast && !isTerminal(scripted.type))) {
      return { type: scripted.type, payload: scripted.payload, timestamp };
    }
    const body = isLast ? terminalBody(spec.terminal as TerminalType, seq) : fillerBody(seq);
    if (padding !== undefined) (body.payload as Record<string, unknown>).padding = padding;
    return { ...body, timestamp };
  };
}

function isTerminal(type: string): boolean {
  return ['RUN_FINISHED', 'RUN_FAILED', 'RUN_CANCELLED'].includes(type.toUpperCase());
}

function fillerBody(seq: number): Omit<EventBody, 'timestamp'> {
  if (seq === 1) return { type: 'RUN_STARTED', payload: { n: seq, scripted: true, text: 'Démarrage 🚀' } };
  const type = CYCLE[(seq - 2) % CYCLE.length] as string;
  const word = WORDS[seq % WORDS.length] as string;
  return {
    type,
    payload: {
      n: seq,
      node: `node_${Math.floor((seq - 2) / CYCLE.length) + 1}`,
      text: `event ${seq}: ${word} é 漢 🚀`,
      metrics: { latency_ms: (seq * 37) % 1000, score: ((seq * 7919) % 1000) / 1000 },
      nested: { list: [seq, `${word}`, { deep: { ok: seq % 2 === 0 } }] },
    },
  };
}

function terminalBody(terminal: TerminalType, seq: number): Omit<EventBody, 'timestamp'> {
  if (terminal === 'RUN_FAILED') {
    return {
      type: terminal,
      payload: { n: seq, error: { message: 'Scripted failure — échec 💥', code: 'SCRIPTED_FAILURE' } },
    };
  }
  if (terminal === 'RUN_CANCELLED') return { type: terminal, payload: { n: seq, reason: 'scripted' } };
  return { type: terminal, payload: { n: seq, output: { text: 'Scripted run finished ✅', events: seq } } };
}

/** ASCII only, so `payloadBytes` is the byte size exactly. */
function paddingText(bytes: number): string {
  const unit = 'lorem ipsum dolor sit amet ';
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/**
 * Creates the run's next attempt from the spec (through `makeAttempt`, e.g. startNextAttempt for a resume); live
 * specs get a feeder that is stopped on cancel/close.
 */
export function startScriptedAttempt(
  ctx: SandboxContext,
  run: RunRecord,
  spec: ScriptSpec,
  makeAttempt: (generator: EventGenerator) => AttemptRecord = (generator) =>
    createAttempt(ctx, run, generator),
): AttemptRecord {
  const attempt = makeAttempt(scriptedGenerator(spec));
  if (spec.ratePerSec <= 0 || spec.instant) {
    attempt.ledger.extend(spec.events);
    return attempt;
  }
  const tickMs = Math.max(10, Math.min(1000, 1000 / spec.ratePerSec));
  const startedAt = Date.now();
  const timer = setInterval(() => {
    const due = Math.min(spec.events, Math.floor(((Date.now() - startedAt) * spec.ratePerSec) / 1000));
    if (due > attempt.ledger.length) attempt.ledger.extend(due - attempt.ledger.length);
    if (attempt.ledger.length >= spec.events) driver.stop();
  }, tickMs);
  const driver: Driver = {
    stop: () => {
      clearInterval(timer);
      ctx.drivers.delete(driver);
      if (attempt.driver === driver) attempt.driver = null;
    },
  };
  attempt.driver = driver;
  ctx.drivers.add(driver);
  return attempt;
}
