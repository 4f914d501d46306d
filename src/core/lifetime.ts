// A lifetime that owns disposables: the extension's (context.subscriptions) and each connection's (rust-analyzer's
// pushExtCleanup / pushClientCleanup). A connection's lifetime ends on sign-out, a key change or a base-URL change:
// its backend closes (every request and stream aborted at once), its follows stop, its store slice goes. Its
// `signal` aborts then, so anything started under it can tie its own cancellation to it. Pure: no `vscode` import.

export interface Disposable {
  dispose(): unknown;
}

export class Lifetime implements Disposable {
  private readonly owned: Disposable[] = [];
  private readonly controller = new AbortController();

  /** Aborted when the lifetime ends. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  /** Owns `d` until the end (disposed at once when the lifetime has already ended). Returns it. */
  add<T extends Disposable>(d: T): T {
    if (this.ended) d.dispose();
    else this.owned.push(d);
    return d;
  }

  /** Ends the lifetime: aborts its signal, then disposes what it owns, newest first. */
  dispose(): void {
    if (this.ended) return;
    this.controller.abort();
    for (const d of this.owned.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // one owner's failure must not keep the others alive
      }
    }
  }
}
