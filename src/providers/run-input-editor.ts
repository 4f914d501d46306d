// The editor-backed prompt of Start Run: an untitled JSON document with the input, checked as you type
// (a diagnostic marks where the JSON is wrong). "Start Run" (editor title button or the notification) sends it
// only when it parses; closing the document cancels.
import * as vscode from 'vscode';
import { checkRunInput, RUN_INPUT_TEMPLATE, type InputCheck } from './run-input';

export const INPUT_FILE_PREFIX = 'AgentOS Run Input';
const START_RUN = 'Start Run';

interface Pending {
  doc: vscode.TextDocument;
  resolve: (value: unknown) => void;
  done: boolean;
}

export class RunInputEditor implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('agentos-run-input');
  private readonly pending = new Map<string, Pending>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];
  private counter = 0;

  constructor() {
    vscode.workspace.onDidChangeTextDocument(
      (e) => {
        if (this.pending.has(e.document.uri.toString())) this.validate(e.document);
      },
      this,
      this.disposables,
    );
    vscode.workspace.onDidCloseTextDocument(
      (doc) => {
        const p = this.pending.get(doc.uri.toString());
        if (p) this.finish(p, CANCELLED);
      },
      this,
      this.disposables,
    );
  }

  /** Marks the spot where the JSON is wrong (or clears the mark). */
  validate(doc: vscode.TextDocument): InputCheck {
    const check = checkRunInput(doc.getText());
    if (check.ok) this.diagnostics.delete(doc.uri);
    else {
      const start = doc.positionAt(check.offset);
      const end = doc.positionAt(Math.min(doc.getText().length, check.offset + 1));
      const range = new vscode.Range(start, end.isEqual(start) ? start.translate(0, 0) : end);
      const diagnostic = new vscode.Diagnostic(range, check.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'AgentOS';
      this.diagnostics.set(doc.uri, [diagnostic]);
    }
    return check;
  }

  /**
   * Opens the input editor for an agent and resolves with the parsed input, or the CANCELLED symbol when the
   * document is closed or Cancel is chosen.
   */
  async prompt(agentName: string, initial = RUN_INPUT_TEMPLATE): Promise<unknown> {
    this.counter++;
    const name = `${INPUT_FILE_PREFIX} - ${agentName.replace(/[^\w .-]+/g, '_')}${this.counter > 1 ? ` ${this.counter}` : ''}.json`;
    const uri = vscode.Uri.from({ scheme: 'untitled', path: name });
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.getText() === '') {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), initial);
      await vscode.workspace.applyEdit(edit);
    }
    this.validate(doc);
    // Known before it shows: Start Run pressed the moment the editor is there must find it.
    const value = new Promise((resolve) => {
      this.pending.set(uri.toString(), { doc, resolve, done: false });
    });
    await vscode.window.showTextDocument(doc, { preview: false });
    this.offer(uri, `Edit the input of the run of "${agentName}" (JSON), then choose Start Run.`);
    return value;
  }

  /**
   * The notification that goes with an open input: Start Run sends it, Cancel closes it. Choosing an action closes
   * a notification, so after a JSON mistake the error offers both again — the way on is never gone.
   */
  private offer(uri: vscode.Uri, message: string, mistake = false): void {
    const show = mistake ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    void show(message, START_RUN, 'Cancel').then((choice) => {
      if (choice === START_RUN) void this.submit(uri);
      else if (choice === 'Cancel') void this.cancel(uri);
    });
  }

  /** The editor's Start Run: sends nothing while the JSON is wrong (the spot is marked and shown). */
  async submit(uri?: vscode.Uri): Promise<InputCheck | undefined> {
    const key = (uri ?? vscode.window.activeTextEditor?.document.uri)?.toString();
    const p = key ? this.pending.get(key) : undefined;
    if (!p) return undefined;
    const check = this.validate(p.doc);
    if (!check.ok) {
      const editor = await vscode.window.showTextDocument(p.doc, { preview: false });
      const at = p.doc.positionAt(check.offset);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at));
      this.offer(p.doc.uri, check.message, true);
      return check;
    }
    await this.close(p);
    this.finish(p, check.value);
    return check;
  }

  async cancel(uri?: vscode.Uri): Promise<void> {
    const key = (uri ?? vscode.window.activeTextEditor?.document.uri)?.toString();
    const p = key ? this.pending.get(key) : undefined;
    if (!p) return;
    this.finish(p, CANCELLED);
    await this.close(p);
  }

  private async close(p: Pending): Promise<void> {
    this.pending.delete(p.doc.uri.toString());
    this.diagnostics.delete(p.doc.uri);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === p.doc);
    if (editor) {
      await vscode.window.showTextDocument(p.doc, { preview: false, viewColumn: editor.viewColumn });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }

  private finish(p: Pending, value: unknown): void {
    if (p.done) return;
    p.done = true;
    this.pending.delete(p.doc.uri.toString());
    this.diagnostics.delete(p.doc.uri);
    p.resolve(value);
  }

  dispose(): void {
    for (const p of this.pending.values()) this.finish(p, CANCELLED);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export const CANCELLED = Symbol('cancelled');
