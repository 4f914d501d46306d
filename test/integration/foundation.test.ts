// The extension loads in a real VS Code extension host and contributes what package.json promises.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activatedExtension } from './support/extension';
import { recordMetric } from './support/metrics';

/**
 * Splits load + activate by VS Code's own performance marks (an internal of the extension host, so only when it is
 * there): requiring dist/extension.js, and the wait between that and the call to activate(), which is VS Code
 * making the ExtensionContext (its storage is read over RPC from the workbench) in parallel with the require.
 */
function recordHostMarks(): void {
  const marks = (
    globalThis as { MonacoPerformanceMarks?: { getMarks?(): { name: string; startTime: number }[] } }
  ).MonacoPerformanceMarks?.getMarks?.();
  const at = (step: string) =>
    marks?.find((mark) => mark.name === `code/extHost/${step}/${EXTENSION_ID}`)?.startTime;
  const [willLoad, didLoad, willActivate] = [
    at('willLoadExtensionCode'),
    at('didLoadExtensionCode'),
    at('willActivateExtension'),
  ];
  if (willLoad === undefined || didLoad === undefined || willActivate === undefined) return;
  recordMetric('activation.code_load_ms', didLoad - willLoad);
  recordMetric('activation.host_wait_ms', willActivate - didLoad);
}

describe('foundation: a real extension in a real host', () => {
  it('runs inside VS Code 1.100 or newer', () => {
    console.log(`    vscode.version = ${vscode.version}`);
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major === 1 && (minor ?? 0) >= 100, `unexpected VS Code version ${vscode.version}`);
  });

  it('activates and reports its activation time', async () => {
    // Time activate() from outside too (module load + activate), when nothing activated it before this test.
    const before = vscode.extensions.getExtension(EXTENSION_ID)!;
    const wasActive = before.isActive;
    const started = performance.now();
    const extension = await activatedExtension();
    if (!wasActive) {
      recordMetric('activation.load_and_activate_ms', performance.now() - started);
      recordHostMarks();
    }
    recordMetric('activation.inside_activate_ms', extension.exports.activationMs);
    assert.equal(extension.isActive, true);
    assert.equal(typeof extension.exports.activationMs, 'number');
    assert.ok(extension.exports.activationMs >= 0);
  });

  it('registers every command it contributes', async () => {
    await activatedExtension();
    const contributed = (
      vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as {
        command: string;
      }[]
    ).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
    assert.ok(contributed.length >= 10);
  });

  it('opens the AgentOS container and each of its three views', async () => {
    await activatedExtension();
    await vscode.commands.executeCommand('workbench.view.extension.agentos');
    for (const view of ['agentos.agents', 'agentos.runs', 'agentos.triggers']) {
      await vscode.commands.executeCommand(`${view}.focus`);
    }
  });
});
