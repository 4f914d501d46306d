// "AgentOS: Follow Run" from the palette: recent runs (running and waiting first), searchable by agent, status and
// id; a pasted run id or run URL is accepted. Then the attempt, when the run has several (default: the current one).
import * as vscode from 'vscode';
import type { RunInfo, SubRunInfo } from '../backends/types';
import type { Connections } from '../core/connections';
import { shortId, statusIcon, statusLabel, subRunDescription } from '../providers/presentation';
import type { LiveStore } from '../state/store';
import { parseRunRef, statusRank, type FollowArgs } from './run-ref';

interface RunItem extends vscode.QuickPickItem {
  pick?: FollowArgs;
}

export async function pickRun(connections: Connections, store: LiveStore): Promise<FollowArgs | undefined> {
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
    // Through the store: the runs it fetches are kept (and refreshed) like any other.
    const perConnection = await Promise.all(
      sessions.map(async (s) => {
        const id = s.connection.id;
        const [runs] = await Promise.all([store.recentRuns(id, 100), store.ensureAgents(id)]);
        return runs.map((run) => ({
          run,
          agent: run.agentName ?? store.agentName(id, run.agentId),
          session: s,
        }));
      }),
    );
    const all = perConnection.flat();
    all.sort(
      (a, b) =>
        statusRank(a.run.state) - statusRank(b.run.state) ||
        String(b.run.createdAt ?? '').localeCompare(String(a.run.createdAt ?? '')),
    );
    runItems = all.map(({ run, agent, session }) => runItem(run, agent, session.connection, many));
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
  run: RunInfo,
  agentName: string | undefined,
  connection: { id: string; name: string },
  many: boolean,
): RunItem {
  const agent = agentName || run.agentId || 'Run';
  const when = run.startedAt ?? run.createdAt;
  const attempts = run.subRunCount && run.subRunCount > 1 ? ` · ${run.subRunCount} attempts` : '';
  return {
    label: `$(${statusIcon(run.state, run.status).id}) ${agent}`,
    description: `${statusLabel(run.status)} · ${shortId(run.id)}${attempts}`,
    detail: `${run.id}${when ? ` · ${new Date(when).toLocaleString()}` : ''}${many ? ` · ${connection.name}` : ''}`,
    pick: { runId: run.id, connectionId: connection.id },
  };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The sub-run to follow: the only one, or the person's pick (current first and preselected). */
export async function pickSubRun(
  subRuns: SubRunInfo[],
  run: RunInfo,
): Promise<SubRunInfo | undefined | 'cancelled'> {
  if (subRuns.length <= 1) return subRuns[0];
  const current = (sub: SubRunInfo): boolean =>
    run.currentSubRunId ? sub.id === run.currentSubRunId : sub.current;
  const sorted = [...subRuns].sort((a, b) => (b.no ?? 0) - (a.no ?? 0));
  const items = sorted.map((sub) => ({
    label: `$(${statusIcon(sub.state, sub.status).id}) ${sub.label}${current(sub) ? ' (current)' : ''}`,
    description: subRunDescription({ ...sub, current: false }),
    detail: sub.id,
    sub,
  }));
  const first = items.find((i) => current(i.sub)) ?? items[0];
  if (first) {
    items.splice(items.indexOf(first), 1);
    items.unshift(first);
  }
  const choice = await vscode.window.showQuickPick(items, {
    title: `Follow run ${shortId(run.id)}: which attempt?`,
    placeHolder: 'The current attempt is first',
  });
  return choice ? choice.sub : 'cancelled';
}
