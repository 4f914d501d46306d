// The sidebar's commands. Each takes the node it was invoked on (context menu, inline button) or a plain
// object (`{ connectionId, runId }`, `{ connectionId, agentId, input }` …) so scripts and tests can drive it
// without prompts; from the palette it asks. Results are returned so tests can check what happened.
import * as vscode from 'vscode';
import { ChatwootError } from '../backends/agentos/chatwoot';
import { isApiError } from '../net/errors';
import type { Logger } from '../util/logger';
import type { Agent, Run } from '../backends/agentos/wire';
import type { ConnectionSession, Connections } from '../core/connections';
import { config } from '../core/config';
import type { JsonDocuments } from './json-documents';
import {
  isCancelable,
  isChatwootTrigger,
  redactSecrets,
  shortId,
  statusLabel,
  type RunFilter,
} from './presentation';
import { openInBrowser, type OfferPrompt } from './open-in-browser';
import { checkRunInput, type InputCheck } from './run-input';
import { CANCELLED, type RunInputEditor } from './run-input-editor';
import { errorMessage, type SidebarStore } from './store';

/** What a command may be given: a tree node or a plain object with the same fields. */
export interface Target {
  connectionId?: string;
  agentId?: string;
  runId?: string;
  attemptId?: string;
  trigger?: { id: string; agent_id: string; [key: string]: unknown };
  kind?: string;
}

export type InboxResult =
  | {
      ok: true;
      /** The inbox URL the server's credential gives. */
      url: string;
      /** The URL handed to the browser: `url` resolved to one the browser can reach, path kept. */
      openedUrl: string;
      /** Whether the URL was also offered to copy (the extension could not be sure the browser showed it). */
      copyOffered: boolean;
    }
  | { ok: false; kind: string; message: string };

export interface StartRunArgs extends Target {
  /** The input as JSON text (scripted form: no editor). */
  input?: string;
  /** Continue this thread (else a new one). */
  threadId?: string;
  /** Start a new thread without asking. */
  newThread?: boolean;
  /** Follow the run after starting it (scripted form; the UI asks). */
  follow?: boolean;
}

export type StartRunResult =
  | { sent: true; runId: string; status: string }
  | { sent: false; reason: 'cancelled' }
  | { sent: false; reason: 'invalidJson'; error: Extract<InputCheck, { ok: false }> }
  | { sent: false; reason: 'failed'; message: string };

export interface SidebarCommandDeps {
  connections: Connections;
  store: SidebarStore;
  log: Logger;
  json: JsonDocuments;
  input: RunInputEditor;
  /** Opens an external URL; tests replace it to intercept the Open Inbox URL. */
  openExternal: (url: vscode.Uri) => Thenable<boolean>;
  /** Offers a URL to copy when the browser may not have shown it; tests answer it. */
  offerUrl: OfferPrompt;
  setCancelSupported(value: boolean): void;
}

const KNOWN_STATUSES = [
  'queued',
  'running',
  'waiting_for_human',
  'resumed',
  'completed',
  'failed',
  'cancelled',
];

export function registerSidebarCommands(context: vscode.ExtensionContext, deps: SidebarCommandDeps): void {
  const { connections, store, log, json } = deps;

  const session = (target?: Target): ConnectionSession | undefined => connections.get(target?.connectionId);

  const requireSession = (target?: Target): ConnectionSession => {
    const s = session(target);
    if (!s) throw new Error('Not signed in to AgentOS. Run AgentOS: Sign In first.');
    return s;
  };

  /** Picks an agent of the primary connection (palette use). */
  const pickAgent = async (title: string, only?: (agent: Agent, connectionId: string) => boolean) => {
    const s = requireSession();
    const id = s.connection.id;
    const [agents] = await Promise.all([store.ensureAgents(id), store.ensureTriggers(id)]);
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
      candidates.map((a) => ({
        label: a.name,
        description: a.last_run_status ?? '',
        detail: a.id,
        agent: a,
      })),
      { title, matchOnDetail: true },
    );
    return picked ? { connectionId: id, agentId: picked.agent.id } : undefined;
  };

  const agentLabel = (connectionId: string, agentId: string): string =>
    store.agentName(connectionId, agentId) ?? agentId;

  const reg = (command: string, handler: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(command, handler));

  // ------------------------------------------------------------------------------------- refresh, paging

  reg('agentos.refresh', (target?: Target) => {
    store.refresh(target?.connectionId);
  });

  reg('agentos.loadMore', async (target?: Target) => {
    const id = target?.connectionId ?? session()?.connection.id;
    if (id) await store.loadMore(id);
  });

  // ------------------------------------------------------------------------------------- filters

  reg('agentos.showRunsForAgent', async (target?: Target) => {
    let t = target?.agentId ? target : await pickAgent('Show the runs of…');
    if (!t?.agentId) return;
    const connectionId = t.connectionId ?? requireSession().connection.id;
    t = { ...t, connectionId };
    store.setFilter({
      ...store.filter(),
      connectionId,
      agentId: t.agentId,
      agentName: agentLabel(connectionId, t.agentId as string),
    });
    await vscode.commands.executeCommand('agentos.runs.focus');
  });

  reg('agentos.filterRuns', async (args?: RunFilter) => {
    if (args && ('agentId' in args || 'status' in args)) {
      const connectionId = args.agentId ? (args.connectionId ?? requireSession().connection.id) : undefined;
      store.setFilter({
        connectionId,
        agentId: args.agentId,
        agentName: args.agentId
          ? (args.agentName ?? agentLabel(connectionId as string, args.agentId))
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
      const t = await pickAgent('Show the runs of…');
      if (t)
        store.setFilter({
          ...current,
          connectionId: t.connectionId,
          agentId: t.agentId,
          agentName: agentLabel(t.connectionId, t.agentId),
        });
    } else {
      const status = await vscode.window.showQuickPick(
        [
          { label: 'Any status', value: '' },
          ...KNOWN_STATUSES.map((s) => ({ label: statusLabel(s), value: s })),
        ],
        { title: 'Show runs with status…' },
      );
      if (status) store.setFilter({ ...current, status: status.value || undefined });
    }
    return store.filter();
  });

  reg('agentos.clearRunFilter', () => {
    store.setFilter({});
  });

  // ------------------------------------------------------------------------------------- copy, JSON

  reg('agentos.copyId', async (target?: Target) => {
    const id =
      target?.attemptId ?? target?.runId ?? target?.trigger?.id ?? target?.agentId ?? target?.connectionId;
    if (!id) return undefined;
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
    return id;
  });

  reg('agentos.showJson', async (target?: Target) => {
    try {
      const s = requireSession(target);
      const id = s.connection.id;
      const where = s.connection.name;
      if (target?.trigger) {
        return (
          await json.show(`${where}/trigger-${target.trigger.id}`, redactSecrets(target.trigger))
        ).toString();
      }
      if (target?.runId && target.attemptId) {
        const attempts = await store.ensureAttempts(id, target.runId);
        const attempt =
          attempts.state === 'loaded' ? attempts.value.find((a) => a.id === target.attemptId) : undefined;
        return (
          await json.show(`${where}/attempt-${target.attemptId}`, attempt ?? { id: target.attemptId })
        ).toString();
      }
      if (target?.runId) {
        const run = await s.client.getRun(target.runId);
        store.upsertRun(id, run);
        return (await json.show(`${where}/run-${run.id}`, run)).toString();
      }
      if (target?.agentId) {
        const agent = await s.client.getAgent(target.agentId);
        return (await json.show(`${where}/agent-${agent.id}`, redactSecrets(agent))).toString();
      }
      return undefined;
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot show the JSON. ${errorMessage(error)}`);
      return undefined;
    }
  });

  reg('agentos.showCheckpoints', async (target?: Target) => {
    if (!target?.runId) return undefined;
    try {
      const s = requireSession(target);
      const checkpoints = await s.client.listCheckpoints(target.runId);
      if (checkpoints.length === 0)
        void vscode.window.showInformationMessage(`Run ${shortId(target.runId)} has no checkpoints yet.`);
      const uri = await json.show(`${s.connection.name}/checkpoints-${target.runId}`, {
        run_id: target.runId,
        count: checkpoints.length,
        checkpoints,
      });
      return uri.toString();
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot show the checkpoints. ${errorMessage(error)}`);
      return undefined;
    }
  });

  // ------------------------------------------------------------------------------------- cancel

  reg('agentos.cancelRun', async (target?: Target & { confirm?: boolean }) => {
    let t = target;
    const fromUi = t !== undefined && typeof (t as { kind?: unknown }).kind === 'string';
    if (!t?.runId) {
      const s = requireSession();
      const active = store
        .activeRuns(s.connection.id)
        .map((id) => store.run(s.connection.id, id))
        .filter(Boolean) as Run[];
      const picked = await vscode.window.showQuickPick(
        active
          .filter((r) => isCancelable(r.status))
          .map((r) => ({ label: r.id, description: statusLabel(r.status), run: r })),
        { title: 'AgentOS: Cancel which run?' },
      );
      if (!picked) return undefined;
      t = { connectionId: s.connection.id, runId: picked.run.id, confirm: true };
    }
    const s = requireSession(t);
    const runId = t.runId as string;
    if (fromUi || t.confirm === true) {
      const answer = await vscode.window.showWarningMessage(
        `Cancel run ${shortId(runId)}?`,
        { modal: true, detail: 'The run stops; this cannot be undone.' },
        'Cancel Run',
      );
      if (answer !== 'Cancel Run') return undefined;
    }
    try {
      const answer = await s.client.cancelRun(runId);
      const run =
        answer && typeof answer === 'object' && 'status' in answer ? answer : await s.client.getRun(runId);
      store.upsertRun(s.connection.id, run);
      void vscode.window.showInformationMessage(`Run ${shortId(runId)} is ${statusLabel(run.status)}.`);
      return run.status;
    } catch (error) {
      if (isApiError(error) && (error.status === 404 || error.status === 405)) {
        // 404 on cancel: either the run is gone or the server cannot cancel. Ask which.
        const exists = await s.client.getRun(runId).then(
          () => true,
          () => false,
        );
        if (exists || error.status === 405) {
          deps.setCancelSupported(false);
          const message = `${s.connection.name} cannot cancel runs (HTTP ${error.status}); the Cancel action is hidden.`;
          void vscode.window.showWarningMessage(message);
          return undefined;
        }
      }
      connections.reportError(s.connection.id, error);
      void vscode.window.showErrorMessage(`Cancelling run ${shortId(runId)} failed. ${errorMessage(error)}`);
      throw error;
    }
  });

  // ------------------------------------------------------------------------------------- start run

  reg('agentos.submitRunInput', (uri?: vscode.Uri) => deps.input.submit(uri));
  reg('agentos.cancelRunInput', (uri?: vscode.Uri) => deps.input.cancel(uri));

  reg('agentos.startRun', async (args?: StartRunArgs): Promise<StartRunResult> => {
    let t: StartRunArgs | undefined = args?.agentId ? args : undefined;
    if (!t) {
      const picked = await pickAgent('Start a run of…');
      if (!picked) return { sent: false, reason: 'cancelled' };
      t = { ...args, ...picked };
    }
    const s = requireSession(t);
    const connectionId = s.connection.id;
    const agentId = t.agentId as string;
    const name = agentLabel(connectionId, agentId);
    let input: unknown;
    if (typeof t.input === 'string') {
      const check = checkRunInput(t.input);
      if (!check.ok) {
        void vscode.window.showErrorMessage(check.message);
        return { sent: false, reason: 'invalidJson', error: check };
      }
      input = check.value;
    } else {
      const value = await deps.input.prompt(name);
      if (value === CANCELLED) return { sent: false, reason: 'cancelled' };
      input = value;
    }
    let thread: { thread_id: string } | { new_thread: true } = { new_thread: true };
    if (t.threadId) thread = { thread_id: t.threadId };
    else if (!t.newThread && typeof t.input !== 'string') {
      const choice = await vscode.window.showQuickPick(
        [
          { label: '$(add) New thread', value: 'new' },
          { label: '$(comment-discussion) Existing thread…', value: 'existing' },
        ],
        { title: `Start a run of "${name}" in…` },
      );
      if (!choice) return { sent: false, reason: 'cancelled' };
      if (choice.value === 'existing') {
        const threadId = await vscode.window.showInputBox({
          title: 'Thread id',
          prompt: 'The id of the thread to continue',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'Enter a thread id.'),
        });
        if (!threadId) return { sent: false, reason: 'cancelled' };
        thread = { thread_id: threadId.trim() };
      }
    }
    try {
      const created = await vscode.window.withProgress(
        { location: { viewId: 'agentos.runs' }, title: `Starting a run of ${name}` },
        () => s.client.createRun({ agent_id: agentId, thread, input }),
      );
      const run: Run = {
        ...created,
        id: created.run_id,
        status: created.status,
        agent_id: agentId,
        created_at: typeof created.created_at === 'string' ? created.created_at : new Date().toISOString(),
      } as Run;
      delete (run as { run_id?: unknown }).run_id;
      store.upsertRun(connectionId, run, { isNew: true });
      log.info(`Started run ${created.run_id} of agent ${agentId} on ${s.connection.name}.`);
      const follow = () =>
        vscode.commands.executeCommand('agentos.followRun', { connectionId, runId: created.run_id });
      if (t.follow === true) await follow();
      else if (t.follow === undefined && typeof t.input !== 'string') {
        void vscode.window
          .showInformationMessage(`Run ${shortId(created.run_id)} of "${name}" started.`, 'Follow')
          .then((choice) => (choice === 'Follow' ? follow() : undefined));
      }
      return { sent: true, runId: created.run_id, status: created.status };
    } catch (error) {
      connections.reportError(connectionId, error);
      const message = errorMessage(error);
      void vscode.window.showErrorMessage(`Starting a run of "${name}" failed. ${message}`);
      return { sent: false, reason: 'failed', message };
    }
  });

  // ------------------------------------------------------------------------------------- open inbox

  reg('agentos.openInbox', async (target?: Target): Promise<InboxResult | undefined> => {
    let t: Target | undefined = target?.agentId
      ? target
      : target?.trigger
        ? { ...target, agentId: target.trigger.agent_id }
        : undefined;
    if (!t) {
      t = await pickAgent('Open the Chatwoot inbox of…', (agent, id) =>
        store.triggersOf(id, agent.id).some(isChatwootTrigger),
      );
      if (!t) return undefined;
    }
    const s = session(t);
    if (!s) {
      const message = 'Not signed in to AgentOS. Run AgentOS: Sign In first.';
      void vscode.window.showErrorMessage(message);
      return { ok: false, kind: 'signedOut', message };
    }
    const agentId = t.agentId as string;
    const name = agentLabel(s.connection.id, agentId);
    try {
      const url = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Finding the Chatwoot inbox of ${name}` },
        () => s.client.chatwootInboxUrl(agentId),
      );
      const uri = vscode.Uri.parse(url, true);
      if (uri.scheme !== 'http' && uri.scheme !== 'https') {
        throw new ChatwootError(
          'notHttp',
          `The inbox URL uses "${uri.scheme}:"; only http and https URLs are opened.`,
        );
      }
      const outcome = await openInBrowser(url, `the inbox of "${name}"`, {
        openExternal: deps.openExternal,
        offer: deps.offerUrl,
      });
      if (outcome.url !== url) log.info(`Open Inbox: ${url} is ${outcome.url} for the browser.`);
      return { ok: true, url, openedUrl: outcome.url, copyOffered: outcome.offer !== undefined };
    } catch (error) {
      const kind = error instanceof ChatwootError ? error.kind : isApiError(error) ? error.kind : 'unknown';
      const message = errorMessage(error);
      // Never log the message of a credential failure in full detail beyond its kind and the agent: no values.
      log.warn(`Open Inbox for agent ${agentId} failed (${kind}).`);
      if (isApiError(error)) connections.reportError(s.connection.id, error);
      void vscode.window.showErrorMessage(`Cannot open the inbox of "${name}". ${message}`);
      return { ok: false, kind, message };
    }
  });

  // ------------------------------------------------------------------------------------- notifications

  reg('agentos.configureNotifications', async (level?: string) => {
    const levels = [
      { label: 'Failures and human input', value: 'failuresAndHumanInput' },
      { label: 'All (also completed runs)', value: 'all' },
      { label: 'Off', value: 'off' },
    ];
    let value = typeof level === 'string' ? level : undefined;
    if (!value) {
      const current = config.notifications();
      const picked = await vscode.window.showQuickPick(
        levels.map((l) => ({ ...l, description: l.value === current ? 'current' : undefined })),
        { title: 'AgentOS: notify me when a shown run…' },
      );
      value = picked?.value;
    }
    if (!value || !levels.some((l) => l.value === value)) return undefined;
    await vscode.workspace
      .getConfiguration('agentos')
      .update('notifications', value, vscode.ConfigurationTarget.Global);
    return value;
  });
}
