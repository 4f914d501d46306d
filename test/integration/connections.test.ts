// Sign in, sign out and several connections, through the extension's own commands, against the sandbox.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension } from './support/extension';
import { extraSandbox, sharedSandbox, signInToSandbox, signOutEverywhere } from './support/sandbox';

/** The scripted Sign In as a real Promise (VS Code returns a Thenable, which assert.rejects does not take). */
const signIn = (request: { baseUrl: string; apiKey: string }) =>
  Promise.resolve(vscode.commands.executeCommand('agentos.signIn', request));

describe('connections: sign in, sign out, several servers', () => {
  beforeEach(signOutEverywhere);
  after(signOutEverywhere);

  it('signs in with a good key: URL in settings, key only in secret storage', async () => {
    const { connections } = (await activatedExtension()).exports;
    const sandbox = await signInToSandbox();
    assert.equal(vscode.workspace.getConfiguration('agentos').get('baseUrl'), sandbox.url);
    assert.equal(connections.all().length, 1);
    assert.equal(connections.get()?.connection.baseUrl, sandbox.url);
    const everySetting = JSON.stringify(vscode.workspace.getConfiguration('agentos'));
    assert.ok(!everySetting.includes(sandbox.key), 'the API key leaked into settings');
  });

  it('refuses a wrong key with the reason and saves nothing', async () => {
    const { connections } = (await activatedExtension()).exports;
    const sandbox = await sharedSandbox();
    await assert.rejects(signIn({ baseUrl: sandbox.url, apiKey: 'wrong-key' }), /API key was rejected/);
    assert.equal(connections.all().length, 0);
    assert.equal(vscode.workspace.getConfiguration('agentos').get('baseUrl'), '');
  });

  it('refuses a URL with credentials, a non-http scheme, and a server that is not there', async () => {
    await assert.rejects(
      signIn({ baseUrl: 'https://user:pw@example.com', apiKey: 'k' }),
      /credentials out of the URL/,
    );
    await assert.rejects(signIn({ baseUrl: 'ftp://example.com', apiKey: 'k' }), /http:\/\/ or https:\/\//);
    await assert.rejects(signIn({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k' }), /127\.0\.0\.1:9/);
  });

  it('keeps several connections side by side and signs out of one', async () => {
    const { connections } = (await activatedExtension()).exports;
    const staging = await extraSandbox({ seed: 7 });
    try {
      await signInToSandbox();
      await signInToSandbox({ sandbox: staging, name: 'Staging' });
      assert.deepEqual(
        connections.all().map((s) => s.connection.name),
        [new URL((await sharedSandbox()).url).host, 'Staging'],
      );
      await vscode.commands.executeCommand('agentos.signOut', { connectionId: 'named:staging' });
      assert.deepEqual(
        connections.all().map((s) => s.connection.id),
        ['default'],
      );
    } finally {
      await staging.close();
    }
  });
});
