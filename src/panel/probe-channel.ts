// The host's side of the test probes: asks the webview a question (probe-types.ts) and waits for its answer. Only
// a panel of an extension running its tests makes one; in a user's VS Code the webview has no probe script.
import type { ProbeOp } from './probe-types';

export class ProbeChannel {
  private next = 0;
  private readonly waiting = new Map<number, (result: unknown) => void>();

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
      this.send(id, probe);
    });
  }

  answered(id: number, result: unknown): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(result);
  }

  dispose(): void {
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
  }
}
