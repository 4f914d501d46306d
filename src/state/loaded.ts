// Something the store loads lazily: not asked for yet, on its way, there, or failed (kept as a message, never
// thrown, so a view can show it with a Retry).

export type Loaded<T> =
  | { state: 'idle' }
  | { state: 'loading'; promise: Promise<void> }
  | { state: 'loaded'; value: T }
  | { state: 'error'; message: string };

export const IDLE: Loaded<never> = { state: 'idle' };
