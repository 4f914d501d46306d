// What a run does, as a sequence of steps (event + delay before it). A generator, so a long run is produced step
// by step and never held whole in memory. The same Random gives the same steps.
import { FAILURES, HUMAN_PROMPTS, NODES, TOKENS, TOOLS } from './phrases';
import type { Random } from './random';

export type Scenario = 'complete' | 'fail' | 'human' | 'long';
export const SCENARIOS: readonly Scenario[] = ['complete', 'fail', 'human', 'long'];

export interface Step {
  type: string;
  payload: Record<string, unknown>;
  /** Pause before this event at speed 1. */
  delayMs: number;
  /** Set when the step completes a node: the executor records a checkpoint. */
  checkpointNode?: string;
}

export interface PlanContext {
  runId: string;
  attemptNo: number;
  agentName: string;
  input: unknown;
}

export function* planSteps(random: Random, scenario: Scenario, context: PlanContext): Generator<Step> {
  yield {
    type: 'RUN_STARTED',
    payload: {
      run_id: context.runId,
      attempt_no: context.attemptNo,
      agent: context.agentName,
      input: context.input ?? null,
    },
    delayMs: 150,
  };
  const cycles = scenario === 'long' ? random.int(300, 600) : random.int(1, 3);
  let tokensUsed = 0;
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const node = NODES[(cycle - 1) % NODES.length] as string;
    yield { type: 'NODE_STARTED', payload: { node, step: cycle }, delayMs: scenario === 'long' ? 1500 : 300 };
    const text = yield* speak(random, node);
    tokensUsed += text.length;
    if (scenario === 'human' && cycle === 1) {
      yield humanInputRequest(random, node);
      return; // The attempt now waits; a retry (resume) starts attempt n+1.
    }
    const tool = random.pick(TOOLS);
    const callId = `call_${random.hex(8)}`;
    yield {
      type: 'TOOL_CALL',
      payload: { node, tool: tool.name, call_id: callId, arguments: tool.args },
      delayMs: 400,
    };
    if (scenario === 'fail' && cycle === cycles) {
      const failure = random.pick(FAILURES);
      yield {
        type: 'TOOL_RESULT',
        payload: { node, call_id: callId, ok: false, error: failure },
        delayMs: 1200,
      };
      yield {
        type: 'RUN_FAILED',
        payload: { error: { ...failure, node, attempt_no: context.attemptNo } },
        delayMs: 200,
      };
      return;
    }
    yield toolResult(random, node, callId, tool.name);
    yield {
      type: 'NODE_OUTPUT',
      payload: {
        node,
        output: {
          text,
          confidence: round(random.next()),
          tokens: { completion: text.length, total: tokensUsed },
        },
      },
      delayMs: 200,
      checkpointNode: node,
    };
  }
  yield {
    type: 'RUN_FINISHED',
    payload: {
      output: {
        text: 'Pedido A-10042 enviado 🚀 — merci, café offert ☕',
        items: 3,
        total: { amount: 42.5, currency: 'EUR' },
      },
      usage: {
        prompt_tokens: 812 + tokensUsed,
        completion_tokens: tokensUsed,
        cost_usd: round(tokensUsed * 0.00002),
      },
      duration_ms: cycles * 2500 + tokensUsed * 50,
    },
    delayMs: 200,
  };
}

function* speak(random: Random, node: string): Generator<Step, string> {
  const count = random.int(6, 18);
  const start = random.int(0, TOKENS.length - 1);
  let text = '';
  for (let index = 0; index < count; index++) {
    const token = TOKENS[(start + index) % TOKENS.length] as string;
    text += token;
    yield { type: 'LLM_TOKEN', payload: { node, index, token }, delayMs: random.int(20, 80) };
  }
  return text;
}

function toolResult(random: Random, node: string, callId: string, tool: string): Step {
  return {
    type: 'TOOL_RESULT',
    payload: {
      node,
      call_id: callId,
      tool,
      ok: true,
      duration_ms: random.int(80, 2400),
      result: {
        hits: [
          { id: `doc_${random.hex(6)}`, score: round(random.next()), title: 'Café menu 🚀 — 漢字 edition' },
          { id: `doc_${random.hex(6)}`, score: round(random.next()), title: 'Política de reembolso' },
        ],
        meta: {
          cached: random.chance(0.3),
          region: 'eu-west-1',
          nested: { depth: 2, tags: ['é', '漢', '🚀'] },
        },
      },
    },
    delayMs: random.int(600, 1600),
  };
}

function humanInputRequest(random: Random, node: string): Step {
  return {
    type: 'HUMAN_INPUT_REQUESTED',
    payload: {
      node,
      prompt: random.pick(HUMAN_PROMPTS),
      options: ['approve', 'reject'],
      request_id: `hir_${random.hex(8)}`,
      context: { order_id: 'A-10042', amount: 42.5, currency: 'EUR' },
    },
    delayMs: 300,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
