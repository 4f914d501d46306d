// AgentOS: Sign In / Sign Out / Switch Connection. Sign In asks which system (AgentOS or Claude Managed Agents),
// then its URL and key (and, for Claude, an optional workspace). It also takes its answers as an argument
// (`{ baseUrl, apiKey, name?, kind?, workspaceId? }`) so scripts and tests can drive it without prompts.
import * as vscode from 'vscode';
import { config } from './config';
import {
  checkBaseUrl,
  connectionDetail,
  DEFAULT_CONNECTION_ID,
  hostOf,
  signInFailureMessage,
} from './connection-rules';
import { DEFAULT_CLAUDE_URL } from '../backends/registry';
import type { BackendKind } from '../backends/types';
import { DEFAULT_CLAUDE_NAME, type Connections, type SignInRequest } from './connections';

export function registerConnectionCommands(context: vscode.ExtensionContext, connections: Connections): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('agentos.signIn', (request?: Partial<SignInRequest>) =>
      signIn(connections, request),
    ),
    vscode.commands.registerCommand('agentos.signOut', (target?: { connectionId?: string }) =>
      signOut(connections, target),
    ),
    vscode.commands.registerCommand('agentos.switchConnection', () => switchConnection(connections)),
    vscode.commands.registerCommand('agentos.retryConnection', () => connections.reload()),
    context.secrets.onDidChange((event) => {
      // A key changed in another VS Code window (or by sign-out there): rebuild from SecretStorage.
      if (event.key.startsWith('agentos.apiKey.')) void connections.reload();
    }),
  );
}

/** Returns the connection id on success, undefined when the user cancelled; throws only for scripted calls. */
async function signIn(
  connections: Connections,
  request: Partial<SignInRequest> = {},
): Promise<string | undefined> {
  const scripted = request.baseUrl !== undefined && request.apiKey !== undefined;
  if (scripted) {
    const connection = await connections.signIn(request as SignInRequest);
    return connection.id;
  }
  const kind = request.kind ?? (await pickKind(request.name));
  if (kind === undefined) return undefined;
  const answers = kind === 'claude' ? await askClaude(request) : await askAgentOs(request);
  if (answers === undefined) return undefined;
  const { baseUrl } = answers;
  try {
    const connection = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Checking the API key with ${hostOf(baseUrl.trim())}…`,
      },
      () => connections.signIn({ ...answers, kind }),
    );
    void vscode.window.showInformationMessage(`Signed in to ${connection.name}.`);
    return connection.id;
  } catch (error) {
    const action = await vscode.window.showErrorMessage(
      signInFailureMessage(error, baseUrl.trim()),
      'Try Again',
    );
    if (action === 'Try Again')
      return signIn(connections, { baseUrl, name: answers.name, kind, workspaceId: answers.workspaceId });
    return undefined;
  }
}

/** The first question of a new sign-in: which system the connection is. */
async function pickKind(name: string | undefined): Promise<BackendKind | undefined> {
  const items: (vscode.QuickPickItem & { system: BackendKind })[] = [
    { label: 'AgentOS', description: 'an AgentOS server', system: 'agentos' },
    {
      label: 'Claude Managed Agents',
      description: 'the Anthropic API (api.anthropic.com)',
      system: 'claude',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: name ? `AgentOS: Sign In to ${name}: which system?` : 'AgentOS: Sign In: which system?',
    ignoreFocusOut: true,
  });
  return picked?.system;
}

async function askAgentOs(request: Partial<SignInRequest>): Promise<SignInRequest | undefined> {
  const title = (step: number) =>
    request.name ? `AgentOS: Sign In to ${request.name} (${step}/2)` : `AgentOS: Sign In (${step}/2)`;
  const baseUrl = await askUrl(
    title(1),
    'The AgentOS server URL',
    'https://agentos.example.com',
    // A new named connection is another server: start empty rather than offer the default connection's URL.
    request.baseUrl ?? (request.name ? '' : config.baseUrl()),
  );
  if (baseUrl === undefined) return undefined;
  const apiKey = await askKey(title(2), baseUrl);
  if (apiKey === undefined) return undefined;
  return { baseUrl, apiKey, name: request.name };
}

async function askClaude(request: Partial<SignInRequest>): Promise<SignInRequest | undefined> {
  const name = request.name ?? DEFAULT_CLAUDE_NAME;
  const title = (step: number) => `AgentOS: Sign In to ${name} (${step}/3)`;
  const baseUrl = await askUrl(
    title(1),
    'The Claude API URL (Enter keeps the default)',
    DEFAULT_CLAUDE_URL,
    request.baseUrl ?? DEFAULT_CLAUDE_URL,
  );
  if (baseUrl === undefined) return undefined;
  const apiKey = await askKey(title(2), baseUrl, 'The Anthropic API key');
  if (apiKey === undefined) return undefined;
  const workspaceId = await vscode.window.showInputBox({
    title: title(3),
    prompt: 'Workspace ID (optional: only for keys that span several workspaces; Enter skips it)',
    placeHolder: 'wrkspc_…',
    value: request.workspaceId ?? '',
    ignoreFocusOut: true,
  });
  if (workspaceId === undefined) return undefined;
  return { baseUrl, apiKey, name, workspaceId: workspaceId.trim() || undefined };
}

function askUrl(
  title: string,
  prompt: string,
  placeHolder: string,
  value: string,
): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt,
    placeHolder,
    value,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const checked = checkBaseUrl(text);
      return checked.ok ? undefined : checked.message;
    },
  });
}

function askKey(title: string, baseUrl: string, what = 'The API key'): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: `${what} for ${hostOf(baseUrl.trim())} (kept in VS Code's secret storage only)`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter the API key.'),
  });
}

async function signOut(connections: Connections, target?: { connectionId?: string }): Promise<void> {
  let id = target?.connectionId;
  const sessions = connections.all();
  if (!id && sessions.length > 1) {
    const picked = await vscode.window.showQuickPick(
      sessions.map((s) => ({
        label: s.connection.name,
        description: connectionDetail(s.connection.name, s.connection.baseUrl),
        id: s.connection.id,
      })),
      { title: 'AgentOS: Sign Out of…' },
    );
    id = picked?.id;
  }
  if (!id && sessions.length === 0) {
    void vscode.window.showInformationMessage('AgentOS: you are not signed in.');
    return;
  }
  id ??= sessions[0]?.connection.id ?? DEFAULT_CONNECTION_ID;
  const name = await connections.signOut(id);
  void vscode.window.showInformationMessage(
    `Signed out of ${name}. Its API key was removed from VS Code's secret storage.`,
  );
}

async function switchConnection(connections: Connections): Promise<void> {
  const items: (vscode.QuickPickItem & { id?: string })[] = connections.configured().map((c) => ({
    label: c.name,
    description: connectionDetail(c.name, c.baseUrl),
    detail: connections.get(c.id) ? 'signed in' : 'not signed in',
    id: c.id,
  }));
  items.push({ label: '$(add) Add a connection…' });
  const picked = await vscode.window.showQuickPick(items, { title: 'AgentOS: Switch Connection' });
  if (!picked) return;
  if (!picked.id) {
    const name = await vscode.window.showInputBox({
      title: 'Name of the new connection',
      placeHolder: 'staging',
      ignoreFocusOut: true,
    });
    if (name?.trim()) await signIn(connections, { name: name.trim() });
    return;
  }
  if (!connections.get(picked.id)) {
    const existing = connections.configured().find((c) => c.id === picked.id);
    await signIn(connections, {
      baseUrl: existing?.baseUrl,
      name: picked.id === DEFAULT_CONNECTION_ID ? undefined : existing?.name,
      kind: existing?.kind,
      workspaceId: existing?.workspaceId,
    });
    return;
  }
  connections.setPrimary(picked.id);
  void vscode.window.showInformationMessage(`Commands now use ${picked.label}.`);
}
