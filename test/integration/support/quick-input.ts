// Drives the workbench's quick input as a person at the keyboard would, through the workbench's own commands: each
// quick pick that shows is answered with Enter on its focused (first) item, until the command that asked settles.
import * as vscode from 'vscode';

export async function pressEnterOnQuickPicks<T>(pending: Thenable<T>, timeoutMs = 20_000): Promise<T> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => {
    settled = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!settled) {
    if (Date.now() > deadline) throw new Error('the command was still asking after every Enter');
    // With no quick input open this does nothing, so it can be pressed before the pick shows.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await Promise.race([result, new Promise((resolve) => setTimeout(resolve, 100))]).catch(() => undefined);
  }
  return result;
}
