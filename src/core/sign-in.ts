// AgentOS: Sign In / Sign Out / Switch Connection. Sign In also takes its answers as an argument
// (`{ baseUrl, apiKey, name? }`) so scripts and tests can drive it without prompts.
import * as vscode from 'vscode';
import { config } from './config';
import {
  checkBaseUrl,
  connectionDetail,
  DEFAULT_CONNECTION_ID,
  hostOf,
  signInFailureMessage,
} from './connection-rules';
import type { Connections, SignInRequest } from './connections';

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
  const baseUrl = await vscode.window.showInputBox({
    title: request.name ? `AgentOS: Sign In to ${request.name} (1/2)` : 'AgentOS: Sign In (1/2)',
    prompt: 'The AgentOS server URL',
    placeHolder: 'https://agentos.example.com',
    // A new named connection is another server: start empty rather than offer the default connection's URL.
    value: request.baseUrl ?? (request.name ? '' : config.baseUrl()),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const checked = checkBaseUrl(value);
      return checked.ok ? undefined : checked.message;
    },
  });
  if (baseUrl === undefined) return undefined;
  const apiKey = await vscode.window.showInputBox({
    title: request.name ? `AgentOS: Sign In to ${request.name} (2/2)` : 'AgentOS: Sign In (2/2)',
    prompt: `The API key for ${hostOf(baseUrl.trim())} (kept in VS Code's secret storage only)`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter the API key.'),
  });
  if (apiKey === undefined) return undefined;
  try {
    const connection = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Checking the API key with ${hostOf(baseUrl.trim())}…`,
      },
      () => connections.signIn({ baseUrl, apiKey, name: request.name }),
    );
    void vscode.window.showInformationMessage(`Signed in to ${connection.name}.`);
    return connection.id;
  } catch (error) {
    const action = await vscode.window.showErrorMessage(
      signInFailureMessage(error, baseUrl.trim()),
      'Try Again',
    );
    if (action === 'Try Again') return signIn(connections, { baseUrl, name: request.name });
    return undefined;
  }
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
    });
    return;
  }
  connections.setPrimary(picked.id);
  void vscode.window.showInformationMessage(`Commands now use ${picked.label}.`);
}
