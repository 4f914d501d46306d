// A tiny event emitter for the modules that must not import `vscode` (the store and its poller).

type Listener<T> = (value: T) => void;

export class Emitter<T> {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
