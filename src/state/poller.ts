/**
 * Keeps the runs people look at fresh: those shown in the views (while a view is visible) and still going, and
 * those a Follow Run panel watches while it does not stream them. Never a run a followed stream reports, and
 * nothing at all when nothing looked at is going. Several active runs on the Runs list's first page are refreshed
 * with one list request instead of one request per run. Errors back off (doubling, capped). No `vscode` import.
 */
import { isApiError } from '../net/errors';
import type { Logger } from '../util/logger';
import { errorMessage } from '../net/errors';
import type { LiveStore } from './store';

export interface PollerOptions {
  log: Logger;
  intervalMs: () => number;
  /** Longest wait between polls after errors. */
  maxBackoffMs?: number;
  /** Above this many active runs, one list request refreshes them instead of one request per run. */
  perRunPollLimit?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Poller {
  private visible = false;
  private timer: unknown;
  private polling = false;
  private currentPoll?: Promise<void>;
  private failures = 0;
  private disposed = false;
  /** Requests made by the poller (tests and the measurements). */
  requests = 0;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly store: LiveStore,
    private readonly options: PollerOptions,
  ) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Whether a view of the sidebar is visible: shown runs are polled only then (watched ones always). */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    if (visible) this.schedule();
    else this.stop();
  }

  /** Resolves when the poll round started by the timer (if any) has finished (tests). */
  async whenPolled(): Promise<void> {
    await this.currentPoll;
  }

  isPolling(): boolean {
    return this.timer !== undefined || this.polling;
  }

  /** Errors in a row so far (the next wait doubles with each). */
  resetBackoff(): void {
    this.failures = 0;
  }

  /** The runs of a connection the next round asks about. */
  private targets(connectionId: string): string[] {
    return this.store.activeRuns(connectionId, { shown: this.visible });
  }

  /** Starts the timer when something looked at is going; otherwise leaves it off. */
  schedule(): void {
    if (this.disposed || this.timer !== undefined || this.polling) return;
    if (!this.store.connections().some((c) => this.targets(c.connection.id).length > 0)) return;
    const base = this.options.intervalMs();
    const delay = Math.min(base * 2 ** this.failures, this.options.maxBackoffMs ?? 60_000);
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.currentPoll = this.pollNow();
    }, delay);
  }

  private stop(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** One poll round over every connection. Public for tests. */
  async pollNow(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    let failed = false;
    try {
      for (const session of this.store.connections()) {
        if (!(await this.pollConnection(session.connection.id))) failed = true;
      }
    } finally {
      this.polling = false;
    }
    this.failures = failed ? Math.min(this.failures + 1, 10) : 0;
    this.schedule();
  }

  private async pollConnection(connectionId: string): Promise<boolean> {
    const active = new Set(this.targets(connectionId));
    const backend = this.store.backend(connectionId);
    if (active.size === 0 || !backend) return true;
    const generation = this.store.generation(connectionId);
    try {
      const listed = this.store.listedRunIds(connectionId);
      const perRunLimit = this.options.perRunPollLimit ?? 2;
      if (this.visible && active.size > perRunLimit && listed) {
        // One request refreshes every active run on the first page (and brings in runs started elsewhere).
        this.requests++;
        const page = await backend.listRuns({
          ...this.store.query(connectionId),
          limit: this.store.pageSize(),
        });
        this.store.absorbPolledPage(connectionId, generation, page.items, page.total);
        for (const run of page.items) active.delete(run.id);
      }
      for (const runId of active) {
        this.requests++;
        const run = await backend.getRun(runId);
        this.store.absorbPolledRun(connectionId, generation, run);
      }
      this.store.reportSuccess(connectionId);
      return true;
    } catch (error) {
      this.store.reportError(connectionId, error);
      if (isApiError(error, 'notFound') || isApiError(error, 'closed')) return true;
      this.options.log.warn(`Refreshing runs failed: ${errorMessage(error)}`);
      return false;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }
}
