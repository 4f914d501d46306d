// Extra historical runs for scale tests (`runs: 10000`): finished runs whose events are generated lazily, so ten
// thousand of them cost little memory and load in well under a second.
import { addNewAgent } from './api-agents';
import type { SandboxContext } from './context';
import { createRun } from './lifecycle';
import { startScriptedAttempt } from './scripted';
import type { AgentRecord, TerminalType } from './types';

export function loadHistory(ctx: SandboxContext, count: number): void {
  const agents = [...ctx.store.agents.values()];
  if (agents.length === 0) agents.push(historyAgent(ctx));
  const now = Date.now();
  for (let index = 0; index < count; index++) {
    // Oldest first: creation order is what keeps lists newest-first.
    const startedAt = now - 2 * 86_400_000 - (count - index) * 60_000;
    const agent = agents[index % agents.length] as AgentRecord;
    const roll = ctx.random.next();
    const terminal: TerminalType =
      roll < 0.75 ? 'RUN_FINISHED' : roll < 0.92 ? 'RUN_FAILED' : 'RUN_CANCELLED';
    const run = createRun(ctx, {
      agentId: agent.id,
      input: { message: `Historical request #${index + 1}` },
      createdAt: new Date(startedAt - 500).toISOString(),
    });
    startScriptedAttempt(ctx, run, {
      events: ctx.random.int(4, 40),
      ratePerSec: 20,
      payloadBytes: 0,
      terminal,
      startedAt,
      instant: true,
    });
  }
}

function historyAgent(ctx: SandboxContext): AgentRecord {
  return addNewAgent(ctx, 'History agent', { generated: true });
}
