// What the sidebar's commands share: the connection a command is about, an agent picked from the palette, and the
// plain-object form every command also takes (`{ connectionId, runId }`, `{ connectionId, agentId, input }`…) so
// scripts and tests can drive it without prompts.
import * as vscode from 'vscode';
import type { AgentInfo, TriggerInfo } from '../../backends/types';
import type { ConnectionSession, Connections } from '../../core/connections';
import type { LiveStore } from '../../state/store';
import type { Logger } from '../../util/logger';

/** What a command may be given: a tree node or a plain object with the same fields. */
export interface Target {
  connectionId?: string;
  agentId?: string;
  runId?: string;
  attemptId?: string;
  trigger?: TriggerInfo;
  kind?: string;
}

export interface CommandContext {
  connections: Connections;
  store: LiveStore;
  log: Logger;
  /** Registers a command for the extension's lifetime. */
  register(command: string, handler: (...args: never[]) => unknown): void;
}

export function commandContext(
  context: vscode.ExtensionContext,
  deps: Omit<CommandContext, 'register'>,
): CommandContext {
  return {
    ...deps,
    register: (command, handler) =>
      context.subscriptions.push(vscode.commands.registerCommand(command, handler)),
  };
}

export function sessionFor(ctx: CommandContext, target?: Target): ConnectionSession | undefined {
  return ctx.connections.get(target?.connectionId);
}

export function requireSession(ctx: CommandContext, target?: Target): ConnectionSession {
  const s = sessionFor(ctx, target);
  if (!s) throw new Error('Not signed in. Run AgentOS: Sign In first.');
  return s;
}

export function agentLabel(ctx: CommandContext, connectionId: string, agentId: string): string {
  return ctx.store.agentName(connectionId, agentId) ?? agentId;
}

/** Picks an agent of the primary connection (palette use); undefined when cancelled or none fits. */
export async function pickAgent(
  ctx: CommandContext,
  title: string,
  only?: (agent: AgentInfo, connectionId: string) => boolean,
): Promise<{ connectionId: string; agentId: string } | undefined> {
  const s = requireSession(ctx);
  const id = s.connection.id;
  const [agents] = await Promise.all([ctx.store.ensureAgents(id), ctx.store.ensureTriggers(id)]);
  if (agents.state !== 'loaded') {
    void vscode.window.showErrorMessage(
      `Could not list the agents. ${agents.state === 'error' ? agents.message : ''}`,
    );
    return undefined;
  }
  const candidates = agents.value.filter((a) => !only || only(a, id));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`No agent on ${s.connection.name} fits.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((a) => ({ label: a.name, description: a.lastRun?.status ?? '', detail: a.id, agent: a })),
    { title, matchOnDetail: true },
  );
  return picked ? { connectionId: id, agentId: picked.agent.id } : undefined;
}
