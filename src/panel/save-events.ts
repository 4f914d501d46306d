// Save Events as JSONL: a followed sub-run's raw events, fetched again from the backend (`Backend.events`) page by
// page, one `JSON.stringify(event)` line each, into a file the person picks. The lines stream through a write stream
// (a 100,000-event run is never held whole) into a hidden file beside the target, renamed over it only when every
// page came: a cancel, a sign-out or an error removes it, so nothing half-written is ever left, and a file that was
// there before stays as it was.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import type { Connections } from '../core/connections';
import { errorMessage } from '../net/errors';
import type { Logger } from '../util/logger';
import type { FollowTarget } from './run-ref';

/** How a save ended; the command answers it (tests read it), the person reads its `message`. */
export type SaveOutcome =
  | { kind: 'saved'; file: string; count: number; message: string }
  | { kind: 'cancelled'; message: string }
  | { kind: 'failed'; message: string }
  /** No file was picked. */
  | { kind: 'dismissed' };

export interface SaveDeps {
  connections: Connections;
  log: Logger;
}

export class EventSaver {
  /** Tests: where to save without the dialog. */
  private fixedTarget: vscode.Uri | undefined;
  private readonly running = new Set<AbortController>();

  constructor(private readonly deps: SaveDeps) {}

  /** For tests: save here instead of asking (undefined: ask again). */
  setTarget(uri: vscode.Uri | undefined): void {
    this.fixedTarget = uri;
  }

  /** Cancels every save under way, as its progress notification's Cancel does. */
  cancelAll(): void {
    for (const controller of this.running) controller.abort();
  }

  /** Asks where, writes the events, says how it went; never throws. */
  async save(target: FollowTarget): Promise<SaveOutcome> {
    const outcome = await this.run(target);
    this.tell(outcome);
    return outcome;
  }

  private async run(target: FollowTarget): Promise<SaveOutcome> {
    const session = this.deps.connections.get(target.connectionId);
    if (!session)
      return failed(`Could not save the events of run ${target.runId}: signed out. Sign in and try again.`);
    const { backend } = session;
    if (!backend.events)
      return failed(`Could not save the events of run ${target.runId}: this server cannot list them.`);
    const uri = this.fixedTarget ?? (await this.ask(target.runId));
    if (!uri) return { kind: 'dismissed' };
    if (uri.scheme !== 'file')
      return failed(
        `Could not save the events of run ${target.runId}: ${uri.toString()} is not a local file.`,
      );
    const file = uri.fsPath;
    const part = path.join(
      path.dirname(file),
      `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`,
    );
    const controller = new AbortController();
    this.running.add(controller);
    const ref = { runId: target.runId, subRunId: target.attemptId };
    let count = 0;
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Saving the events of run ${target.runId}`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const pages = backend.events?.(ref, controller.signal) ?? [];
          async function* lines(): AsyncGenerator<string, void, undefined> {
            for await (const page of pages) {
              let chunk = '';
              for (const event of page) chunk += `${JSON.stringify(event)}\n`;
              count += page.length;
              progress.report({ message: `${count} events` });
              yield chunk;
            }
          }
          // `pipeline` waits while the file is behind (backpressure) and destroys the stream on any failure.
          await pipeline(lines(), createWriteStream(part, { flags: 'wx' }));
          if (controller.signal.aborted) throw new Error('cancelled');
          await rename(part, file);
        },
      );
    } catch (error) {
      await removePart(part, this.deps.log);
      if (controller.signal.aborted) {
        return {
          kind: 'cancelled',
          message: `Saving the events of run ${target.runId} was cancelled; no file was written.`,
        };
      }
      this.deps.log.error(`Save events of ${target.runId}: ${errorMessage(error)}`);
      return failed(`Could not save the events of run ${target.runId}: ${errorMessage(error)}`);
    } finally {
      this.running.delete(controller);
    }
    this.deps.log.info(`Saved ${count} events of run ${target.runId} to ${file}.`);
    return { kind: 'saved', file, count, message: `Saved ${eventsText(count)} to ${file}` };
  }

  private async ask(runId: string): Promise<vscode.Uri | undefined> {
    const name = `${runId.replace(/[^\w.-]/g, '_')}.jsonl`;
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
    const defaultUri = folder
      ? vscode.Uri.joinPath(folder, name)
      : vscode.Uri.file(path.join(homedir(), name));
    return vscode.window.showSaveDialog({
      defaultUri,
      filters: { 'JSON Lines': ['jsonl'], 'All Files': ['*'] },
      saveLabel: 'Save Events',
      title: `Save the events of run ${runId} as JSON Lines`,
    });
  }

  /** Says how it went; Open shows a saved file. Not awaited: a notification waits for the person. */
  private tell(outcome: SaveOutcome): void {
    switch (outcome.kind) {
      case 'saved':
        void vscode.window.showInformationMessage(outcome.message, 'Open').then(async (choice) => {
          if (choice === 'Open') await vscode.window.showTextDocument(vscode.Uri.file(outcome.file));
        });
        return;
      case 'cancelled':
        void vscode.window.showInformationMessage(outcome.message);
        return;
      case 'failed':
        void vscode.window.showErrorMessage(outcome.message);
        return;
      case 'dismissed':
        return;
    }
  }
}

function failed(message: string): SaveOutcome {
  return { kind: 'failed', message };
}

function eventsText(count: number): string {
  return count === 1 ? '1 event' : `${count} events`;
}

async function removePart(part: string, log: Logger): Promise<void> {
  try {
    await unlink(part);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log.warn(`Save events: could not remove ${part}: ${errorMessage(error)}`);
  }
}
