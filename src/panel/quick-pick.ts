// "AgentOS: Follow Run" from the palette: recent runs (running and waiting first), searchable by agent, status and
// id; a pasted run id or run URL is accepted. Then the attempt, when the run has several (default: the current one).
import * as vscode from 'vscode';
import type { AgentOsClient } from '../backends/agentos/client';
import type { Run, RunAttempt } from '../backends/agentos/wire';
import type { Connections } from '../core/connections';
import { attemptDescription, statusLabel } from '../providers/presentation';
import { parseRunRef, shortId, statusRank, type FollowArgs } from './run-ref';

interface RunItem extends vscode.QuickPickItem {
  pick?: FollowArgs;
}

const STATUS_ICONS: Record<string, string> = {
  running: 'sync~spin',
  resumed: 'sync~spin',
  waiting_for_human: 'person',
  queued: 'clock',
  completed: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
};

export function statusIcon(status: string | undefined): string {
  return (status && STATUS_ICONS[status]) || 'circle-outline';
}

export async function pickRun(connections: Connections): Promise<FollowArgs | undefined> {
  // Shown before anything is awaited, and kept open when focus moves: the workbench hands focus back to the active
  // editor (a webview, asynchronously) after the Command Palette closes, and a pick that opened in between would be
  // closed by it. Staying open also lets a person go and copy a run id, then paste it here.
  const qp = vscode.window.createQuickPick<RunItem>();
  qp.title = 'AgentOS: Follow Run';
  qp.placeholder = 'Pick a recent run, or paste a run id or run URL';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  qp.busy = true;
  let hidden = false;
  const whileLoading = qp.onDidHide(() => (hidden = true));
  qp.show();
  await connections.whenLoaded();
  whileLoading.dispose();
  const sessions = connections.all();
  if (hidden) {
    qp.dispose();
    return undefined;
  }
  if (sessions.length === 0) {
    qp.dispose();
    const choice = await vscode.window.showInformationMessage('AgentOS: sign in to follow a run.', 'Sign In');
    if (choice) await vscode.commands.executeCommand('agentos.signIn');
    return undefined;
  }
  let runItems: RunItem[] = [];
  const pasted = (value: string): RunItem[] => {
    const ref = parseRunRef(value);
    if (!ref || runItems.some((i) => i.pick?.runId === ref.runId)) return [];
    const match = ref.origin
      ? sessions.find((s) => safeOrigin(s.connection.baseUrl) === ref.origin)
      : undefined;
    const connectionId = (match ?? connections.get())?.connection.id;
    return [
      {
        label: `$(pulse) Follow run ${ref.runId}`,
        description: ref.attemptId ? `attempt ${ref.attemptId}` : undefined,
        alwaysShow: true,
        pick: { runId: ref.runId, connectionId, attemptId: ref.attemptId },
      },
    ];
  };
  const refresh = (): void => {
    qp.items = [...pasted(qp.value), ...runItems];
  };
  const disposables = [qp.onDidChangeValue(refresh)];
  const loading = (async () => {
    const many = sessions.length > 1;
    const perConnection = await Promise.all(
      sessions.map(async (s) => {
        try {
          const [runs, names] = await Promise.all([s.client.listRuns({ limit: 100 }), agentNames(s.client)]);
          return runs.items.map((run) => ({ run, names, session: s }));
        } catch (error) {
          connections.reportError(s.connection.id, error);
          return [];
        }
      }),
    );
    const all = perConnection.flat();
    all.sort(
      (a, b) =>
        statusRank(a.run.status) - statusRank(b.run.status) ||
        String(b.run.created_at ?? '').localeCompare(String(a.run.created_at ?? '')),
    );
    runItems = all.map(({ run, names, session }) => runItem(run, names, session.connection, many));
    if (runItems.length === 0) qp.placeholder = 'No runs yet — paste a run id or run URL';
    qp.busy = false;
    refresh();
  })();
  try {
    return await new Promise<FollowArgs | undefined>((resolve) => {
      disposables.push(
        qp.onDidAccept(() => {
          const picked = qp.selectedItems[0]?.pick ?? pasted(qp.value)[0]?.pick;
          if (picked) {
            resolve(picked);
            qp.hide();
          }
        }),
        qp.onDidHide(() => resolve(undefined)),
      );
      void loading;
    });
  } finally {
    for (const d of disposables) d.dispose();
    qp.dispose();
  }
}

function runItem(
  run: Run,
  names: Map<string, string>,
  connection: { id: string; name: string },
  many: boolean,
): RunItem {
  const agent = (run.agent_id && names.get(run.agent_id)) || run.agent_id || 'Run';
  const when = run.started_at ?? run.created_at;
  const attempts =
    run.current_attempt_no && run.current_attempt_no > 1 ? ` · ${run.current_attempt_no} attempts` : '';
  return {
    label: `$(${statusIcon(run.status)}) ${agent}`,
    description: `${statusLabel(run.status)} · ${shortId(run.id)}${attempts}`,
    detail: `${run.id}${when ? ` · ${new Date(when).toLocaleString()}` : ''}${many ? ` · ${connection.name}` : ''}`,
    pick: { runId: run.id, connectionId: connection.id },
  };
}

async function agentNames(client: AgentOsClient): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    const page = await client.listAgents({ limit: 200 });
    for (const agent of page.items) names.set(agent.id, agent.name);
  } catch {
    // names are a nicety; ids still show
  }
  return names;
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The attempt to follow: the only one, or the person's pick (current first and preselected). */
export async function pickAttempt(
  attempts: RunAttempt[],
  run: Run,
): Promise<RunAttempt | undefined | 'cancelled'> {
  if (attempts.length <= 1) return attempts[0];
  const sorted = [...attempts].sort((a, b) => b.attempt_no - a.attempt_no);
  const items = sorted.map((a) => ({
    label: `$(${statusIcon(a.status)}) Attempt ${a.attempt_no}${a.id === run.current_attempt_id ? ' (current)' : ''}`,
    description: attemptDescription(a, false),
    detail: a.id,
    attempt: a,
  }));
  const current = items.find((i) => i.attempt.id === run.current_attempt_id) ?? items[0];
  if (current) {
    items.splice(items.indexOf(current), 1);
    items.unshift(current);
  }
  const choice = await vscode.window.showQuickPick(items, {
    title: `Follow run ${shortId(run.id)}: which attempt?`,
    placeHolder: 'The current attempt is first',
  });
  return choice ? choice.attempt : 'cancelled';
}
