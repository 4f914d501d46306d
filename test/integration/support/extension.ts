import * as vscode from 'vscode';
import type { AgentOsExtensionApi } from '../../../src/extension';

export const EXTENSION_ID = 'agentos.agentos-vscode';

/** The extension under test, activated; its exports are the small API activate() returns. */
export async function activatedExtension(): Promise<vscode.Extension<AgentOsExtensionApi>> {
  const extension = vscode.extensions.getExtension<AgentOsExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  await extension.activate();
  return extension;
}
