// The host's side of the test probes: asks the webview a question (probe-types.ts) and waits for its answer. Only
// a panel of an extension running its tests makes one; in a user's VS Code the webview has no probe script.
import type { ProbeOp } from './probe-types';

export class ProbeChannel {
  private next = 0;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  /** Probes asked before the webview's scripts have loaded: posted then, they would be lost (and time out). */
  private held: (() => void)[] | undefined = [];

  constructor(private readonly send: (id: number, probe: ProbeOp) => void) {}

  ask(probe: ProbeOp, timeoutMs = 15_000): Promise<unknown> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the webview did not answer probe ${probe.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      if (this.held) this.held.push(() => this.send(id, probe));
      else this.send(id, probe);
    });
  }

  /** The webview said it is ready: its probe listener is there. */
  open(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const send of held) send();
  }

  answered(id: number, result: unknown): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(result);
  }

  dispose(): void {
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
    this.held = undefined;
  }
}
