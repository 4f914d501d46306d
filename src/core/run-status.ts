// Run statuses learnt outside the tree's own polling — above all from a followed run's event stream — are
// published here, so the sidebar shows them at once and stops polling a run whose stream already tells it.
import * as vscode from 'vscode';
import type { RunStatus } from '../backends/agentos/wire';

export interface RunStatusReport {
  connectionId: string;
  runId: string;
  status: RunStatus;
  /** Which attempt the report comes from, when known. */
  attemptId?: string;
  /** True while a follow is streaming this run (the sidebar need not poll it). */
  streaming: boolean;
}

export class RunStatusBus implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunStatusReport>();
  readonly onDidReport = this.emitter.event;
  private readonly streamingRuns = new Set<string>();

  report(report: RunStatusReport): void {
    const key = `${report.connectionId}\u0000${report.runId}`;
    if (report.streaming) this.streamingRuns.add(key);
    else this.streamingRuns.delete(key);
    this.emitter.fire(report);
  }

  isStreaming(connectionId: string, runId: string): boolean {
    return this.streamingRuns.has(`${connectionId}\u0000${runId}`);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
