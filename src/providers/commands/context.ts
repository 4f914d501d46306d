// What the sidebar's commands share: the connection a command is about, an agent picked from the palette, and the
// plain-object form every command also takes (`{ connectionId, runId }`, `{ connectionId, agentId, input }`…) so
// scripts and tests can drive it without prompts.
import * as vscode from 'vscode';
import type { AgentInfo, TriggerInfo, TriggerRunInfo } from '../../backends/types';
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
  /** One firing of a trigger (its node in the Triggers view). */
  triggerRun?: TriggerRunInfo;
  /** The trigger whose firings a "Load more" pages. */
  triggerId?: string;
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

/**
 * Picks an agent (palette use): of the primary connection, or, with `everyConnection`, of every signed-in connection
 * it accepts (each agent then says which connection it is on). Undefined when cancelled or none fits.
 */
export async function pickAgent(
  ctx: CommandContext,
  title: string,
  only?: (agent: AgentInfo, connectionId: string) => boolean,
  options: { everyConnection?: (session: ConnectionSession) => boolean } = {},
): Promise<{ connectionId: string; agentId: string } | undefined> {
  const primary = requireSession(ctx);
  const sessions = options.everyConnection
    ? ctx.connections.all().filter(options.everyConnection)
    : [primary];
  if (sessions.length === 0) {
    void vscode.window.showInformationMessage(`No signed-in connection can do this.`);
    return undefined;
  }
  const loaded = await Promise.all(
    sessions.map(async (s) => {
      const id = s.connection.id;
      const [agents] = await Promise.all([ctx.store.ensureAgents(id), ctx.store.ensureTriggers(id)]);
      return { session: s, agents };
    }),
  );
  const failed = loaded.find((l) => l.agents.state !== 'loaded');
  if (failed && loaded.every((l) => l.agents.state !== 'loaded')) {
    void vscode.window.showErrorMessage(
      `Could not list the agents. ${failed.agents.state === 'error' ? failed.agents.message : ''}`,
    );
    return undefined;
  }
  const named = sessions.length > 1;
  const candidates = loaded.flatMap(({ session, agents }) =>
    agents.state === 'loaded'
      ? agents.value
          .filter((a) => !only || only(a, session.connection.id))
          .map((agent) => ({
            label: agent.name,
            description: named ? session.connection.name : (agent.lastRun?.status ?? ''),
            detail: agent.id,
            agent,
            connectionId: session.connection.id,
          }))
      : [],
  );
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      `No agent on ${sessions.map((s) => s.connection.name).join(' or ')} fits.`,
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(candidates, { title, matchOnDetail: true });
  return picked ? { connectionId: picked.connectionId, agentId: picked.agent.id } : undefined;
}
