/**
 * Which known runs wait for a person's approval, also when no panel follows them: a run of a backend that can tell
 * (`pendingApprovals`) is asked once when it turns waiting, and again when it is still waiting but the server says
 * it changed (it ran and came back between two polls: `updatedAt` moved). Each check says which tool uses are new,
 * so a notification comes once per pending set, not once per poll. Neutral shapes only; no `vscode` import.
 */
import type { PendingApproval, RunInfo } from '../backends/types';
import { errorMessage } from '../net/errors';
import type { Logger } from '../util/logger';
import { Emitter } from './emitter';
import type { LiveStore, StatusChange } from './store';

/** What one check found. */
export interface ApprovalCheck {
  connectionId: string;
  run: RunInfo;
  /** Every tool use the run waits on now (empty: it waits for nothing a person can allow or deny). */
  pending: PendingApproval[];
  /** Those not announced before: what a notification is about. */
  news: PendingApproval[];
  /** The status change that asked for the check (undefined: the run only changed while waiting). */
  change?: StatusChange;
  /** The check could not be made (the server failed): `pending` is empty. */
  error?: string;
}

/** A run that waits for approval, for the status bar. */
export interface WaitingRun {
  connectionId: string;
  runId: string;
  pending: PendingApproval[];
}

/** How many runs' announced tool uses are kept (the oldest are forgotten first). */
const REMEMBERED_RUNS = 200;

export class ApprovalWatch {
  private readonly checks = new Emitter<ApprovalCheck>();
  private readonly changes = new Emitter<void>();
  /** After each check of a run that waits (or turned waiting). */
  readonly onDidCheck = this.checks.event;
  /** The runs that wait for approval changed. */
  readonly onDidChange = this.changes.event;
  private readonly waiting = new Map<string, WaitingRun>();
  /** Per run: the status and update time last checked, so a repeated poll asks nothing. */
  private readonly checked = new Map<string, string>();
  private readonly announced = new Map<string, Set<string>>();
  /** Per run: a check in flight, and the status change that came meanwhile (checked right after). */
  private readonly inFlight = new Map<string, { again?: { change?: StatusChange } }>();
  private readonly subscriptions: { dispose(): void }[];
  private disposed = false;

  constructor(
    private readonly store: LiveStore,
    private readonly log: Logger,
  ) {
    this.subscriptions = [
      store.onDidChangeStatus((change) => this.onStatus(change)),
      store.onDidChange((change) => {
        if (change.kind === 'runs')
          for (const runId of change.runIds) this.onRunChanged(change.connectionId, runId);
        else if (change.kind === 'all') this.forgetGone();
      }),
    ];
  }

  /** Whether runs of this connection are watched (its backend can tell what waits). */
  covers(connectionId: string): boolean {
    return this.store.backend(connectionId)?.pendingApprovals !== undefined;
  }

  /** The runs that wait for approval now, as last checked. */
  waitingRuns(): WaitingRun[] {
    return [...this.waiting.values()];
  }

  /** Answers were sent for these tool uses: they no longer wait (the run's next status says the rest). */
  answered(connectionId: string, runId: string, ids: readonly string[]): void {
    const key = keyOf(connectionId, runId);
    const entry = this.waiting.get(key);
    if (!entry) return;
    const left = entry.pending.filter((p) => !ids.includes(p.id));
    if (left.length === entry.pending.length) return;
    if (left.length > 0) this.waiting.set(key, { ...entry, pending: left });
    else this.waiting.delete(key);
    this.changes.fire();
  }

  private onStatus(change: StatusChange): void {
    if (!this.covers(change.connectionId)) return;
    if (change.source === 'stream' && !change.fresh) {
      // A replay's old status is not news (the panel that replays it shows its own cards): seen, not asked about,
      // also when the store reports the same run as changed right after.
      this.mark(keyOf(change.connectionId, change.run.id), change.run);
      return;
    }
    if (change.run.state !== 'waiting') {
      this.settle(change.connectionId, change.run.id);
      return;
    }
    void this.check(change.connectionId, change.run.id, change);
  }

  private onRunChanged(connectionId: string, runId: string): void {
    const run = this.store.run(connectionId, runId);
    if (!run || run.state !== 'waiting' || !this.covers(connectionId)) return;
    // The store reports a run only when something moved; a run first seen waiting is left alone (no request per
    // listed run), and a mark already checked asks nothing again (a stream's event count moving, say).
    if (this.checked.get(keyOf(connectionId, runId)) === markOf(run)) return;
    void this.check(connectionId, runId);
  }

  /** The run no longer waits: nothing of it is pending. */
  private settle(connectionId: string, runId: string): void {
    const key = keyOf(connectionId, runId);
    this.checked.delete(key);
    if (this.waiting.delete(key)) this.changes.fire();
  }

  private async check(connectionId: string, runId: string, change?: StatusChange): Promise<void> {
    const key = keyOf(connectionId, runId);
    const busy = this.inFlight.get(key);
    if (busy) {
      // One check at a time per run; what came meanwhile is checked right after (a status change kept).
      busy.again = { change: change ?? busy.again?.change };
      return;
    }
    const flight: { again?: { change?: StatusChange } } = {};
    this.inFlight.set(key, flight);
    try {
      await this.checkOnce(connectionId, runId, change);
    } finally {
      this.inFlight.delete(key);
    }
    const again = flight.again;
    if (again && !this.disposed) {
      const run = this.store.run(connectionId, runId);
      if (run?.state === 'waiting' && (again.change || this.checked.get(key) !== markOf(run)))
        await this.check(connectionId, runId, again.change);
    }
  }

  private async checkOnce(connectionId: string, runId: string, change?: StatusChange): Promise<void> {
    const backend = this.store.backend(connectionId);
    const run = this.store.run(connectionId, runId) ?? change?.run;
    if (!backend?.pendingApprovals || !run) return;
    const key = keyOf(connectionId, runId);
    this.mark(key, run);
    let pending: PendingApproval[] = [];
    let error: string | undefined;
    try {
      pending = await backend.pendingApprovals(runId);
    } catch (failure) {
      error = errorMessage(failure);
      this.log.warn(`Could not read what run ${runId} waits for: ${error}`);
    }
    // Signed out, or the run went on while we asked: what was read is stale.
    if (this.disposed || this.store.backend(connectionId) !== backend) return;
    const now = this.store.run(connectionId, runId) ?? run;
    if (now.state !== 'waiting') return;
    const news = this.remember(key, pending);
    const before = this.waiting.get(key);
    if (pending.length > 0) this.waiting.set(key, { connectionId, runId, pending });
    else this.waiting.delete(key);
    if (!samePending(before?.pending, pending)) this.changes.fire();
    this.checks.fire({ connectionId, run: now, pending, news, change, error });
  }

  private mark(key: string, run: RunInfo): void {
    this.checked.delete(key);
    this.checked.set(key, markOf(run));
    if (this.checked.size > REMEMBERED_RUNS) {
      const oldest = this.checked.keys().next().value;
      if (oldest !== undefined) this.checked.delete(oldest);
    }
  }

  /** The tool uses not announced before for this run; all of them are announced from now on. */
  private remember(key: string, pending: readonly PendingApproval[]): PendingApproval[] {
    let seen = this.announced.get(key);
    if (!seen) {
      seen = new Set();
      this.announced.set(key, seen);
      if (this.announced.size > REMEMBERED_RUNS) {
        const oldest = this.announced.keys().next().value;
        if (oldest !== undefined) this.announced.delete(oldest);
      }
    }
    const news = pending.filter((p) => !seen.has(p.id));
    for (const p of pending) seen.add(p.id);
    return news;
  }

  /** Connections signed out: their runs wait for nothing we can answer. (A refresh that forgets runs is not that.) */
  private forgetGone(): void {
    const gone = (key: string): boolean => !this.store.backend(key.split('\u0000')[0] ?? '');
    for (const key of [...this.checked.keys()]) if (gone(key)) this.checked.delete(key);
    let changed = false;
    for (const key of [...this.waiting.keys()]) {
      if (gone(key)) {
        this.waiting.delete(key);
        changed = true;
      }
    }
    if (changed) this.changes.fire();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.checks.dispose();
    this.changes.dispose();
  }
}

function keyOf(connectionId: string, runId: string): string {
  return `${connectionId}\u0000${runId}`;
}

/** What the server last said of a run: a different mark on a waiting run asks for a new check. */
function markOf(run: RunInfo): string {
  return `${run.status}@${run.updatedAt ?? ''}`;
}

function samePending(a: readonly PendingApproval[] | undefined, b: readonly PendingApproval[]): boolean {
  return (a ?? []).map((p) => p.id).join(',') === b.map((p) => p.id).join(',');
}
