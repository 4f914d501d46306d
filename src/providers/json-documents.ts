// Read-only virtual JSON documents (scheme `agentos-json`) for Show JSON and Show Checkpoints. The content is
// put in before the document opens and kept in memory only while the extension runs.
import * as vscode from 'vscode';

export const JSON_SCHEME = 'agentos-json';

export class JsonDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.contents.get(uri.toString()) ?? '// This document is no longer available. Run Show JSON again.\n'
    );
  }

  /** Stores `value` as pretty JSON under a readable path and opens it (preview, read-only). */
  async show(path: string, value: unknown): Promise<vscode.Uri> {
    const safe = path.replace(/[^\w.\-/ ]+/g, '_');
    const uri = vscode.Uri.from({ scheme: JSON_SCHEME, path: `/${safe}.json` });
    const key = uri.toString();
    const text = `${JSON.stringify(value, null, 2)}\n`;
    const had = this.contents.has(key);
    this.contents.set(key, text);
    if (had) this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    return uri;
  }

  dispose(): void {
    this.contents.clear();
    this.changed.dispose();
  }
}
