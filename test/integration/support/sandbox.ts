// One in-process AgentOS sandbox (a real HTTP server on a free loopback port) for the whole integration run,
// and helpers to sign the extension in to it through its own Sign In command.
import * as vscode from 'vscode';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';

let shared: Promise<Sandbox> | undefined;

export function sharedSandbox(): Promise<Sandbox> {
  shared ??= startSandbox({ port: 0, speed: 20, heartbeatMs: 1_000 });
  return shared;
}

/** Another sandbox with its own options (close it yourself). */
export function extraSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, speed: 20, heartbeatMs: 1_000, ...options });
}

/** Signs the extension in to `sandbox` (default: the shared one) with the scripted form of AgentOS: Sign In. */
export async function signInToSandbox<S extends Pick<Sandbox, 'url' | 'key'> = Sandbox>(
  options: { sandbox?: S; name?: string } = {},
): Promise<S | Sandbox> {
  const sandbox = options.sandbox ?? (await sharedSandbox());
  await vscode.commands.executeCommand('agentos.signIn', {
    baseUrl: sandbox.url,
    apiKey: sandbox.key,
    name: options.name,
  });
  return sandbox;
}

/** Signs out of every connection and forgets named connections, so each test starts from nothing. */
export async function signOutEverywhere(): Promise<void> {
  const settings = vscode.workspace.getConfiguration('agentos');
  for (const id of ['default']) await vscode.commands.executeCommand('agentos.signOut', { connectionId: id });
  const named = settings.get<{ name: string }[]>('connections', []);
  for (const connection of named) {
    await vscode.commands.executeCommand('agentos.signOut', {
      connectionId: `named:${connection.name.toLowerCase()}`,
    });
  }
  await settings.update('connections', undefined, vscode.ConfigurationTarget.Global);
  await settings.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
}

after(async () => {
  if (shared) await (await shared).close();
});
