// Refresh, Load more and the Runs filter (by agent, by status, cleared).
import * as vscode from 'vscode';
import type { RunFilter } from '../../state/store';
import { statusLabel } from '../presentation';
import {
  agentLabel,
  pickAgent,
  requireSession,
  sessionFor,
  type CommandContext,
  type Target,
} from './context';

export function registerRunsListCommands(ctx: CommandContext): void {
  const { store } = ctx;

  ctx.register('agentos.refresh', (target?: Target) => {
    store.refresh(target?.connectionId);
  });

  ctx.register('agentos.loadMore', async (target?: Target) => {
    const id = target?.connectionId ?? sessionFor(ctx)?.connection.id;
    if (id && target?.triggerId) await store.loadMoreTriggerRuns(id, target.triggerId);
    else if (id) await store.loadMore(id);
  });

  ctx.register('agentos.showRunsForAgent', async (target?: Target) => {
    const t = target?.agentId ? target : await pickAgent(ctx, 'Show the runs of…');
    if (!t?.agentId) return;
    const connectionId = t.connectionId ?? requireSession(ctx).connection.id;
    store.setFilter({
      ...store.filter(),
      connectionId,
      agentId: t.agentId,
      agentName: agentLabel(ctx, connectionId, t.agentId),
    });
    await vscode.commands.executeCommand('agentos.runs.focus');
  });

  ctx.register('agentos.filterRuns', async (args?: RunFilter) => {
    if (args && ('agentId' in args || 'status' in args)) {
      const connectionId = args.agentId
        ? (args.connectionId ?? requireSession(ctx).connection.id)
        : undefined;
      store.setFilter({
        connectionId,
        agentId: args.agentId,
        agentName: args.agentId
          ? (args.agentName ?? agentLabel(ctx, connectionId as string, args.agentId))
          : undefined,
        status: args.status,
      });
      return store.filter();
    }
    const current = store.filter();
    const choice = await vscode.window.showQuickPick(
      [
        { label: '$(hubot) By agent…', value: 'agent' },
        { label: '$(pulse) By status…', value: 'status' },
        { label: '$(clear-all) Clear the filter', value: 'clear' },
      ],
      { title: 'AgentOS: Filter Runs' },
    );
    if (!choice) return store.filter();
    if (choice.value === 'clear') store.setFilter({});
    else if (choice.value === 'agent') {
      const t = await pickAgent(ctx, 'Show the runs of…');
      if (t)
        store.setFilter({
          ...current,
          connectionId: t.connectionId,
          agentId: t.agentId,
          agentName: agentLabel(ctx, t.connectionId, t.agentId),
        });
    } else {
      // The status words of every signed-in backend, each once.
      const words = [...new Set(store.connections().flatMap((s) => s.backend.statuses))];
      const status = await vscode.window.showQuickPick(
        [{ label: 'Any status', value: '' }, ...words.map((s) => ({ label: statusLabel(s), value: s }))],
        { title: 'Show runs with status…' },
      );
      if (status) store.setFilter({ ...current, status: status.value || undefined });
    }
    return store.filter();
  });

  ctx.register('agentos.clearRunFilter', () => {
    store.setFilter({});
  });
}
