/**
 * The host numbers a followed stream's events 1, 2, 3… in the order the backend delivers them, and the webview
 * orders, restores and deduplicates rows by that number only. Backends have no common sequence: AgentOS has a seq
 * per attempt (and then the number equals it), Managed Agents has none. Each number goes with the event's cursor,
 * so a reloaded webview that holds 1..n names the one place to resume: after the cursor of n.
 * Pure: no `vscode` import.
 */

export interface Numbered<T> {
  ordinal: number;
  cursor: string;
  event: T;
}

export class Ordinals {
  private lastOrdinal: number;
  private lastCursor: string | undefined;

  /** Continues after `ordinal`, whose event's cursor is `cursor` (0 and undefined: from the start). */
  constructor(ordinal = 0, cursor?: string) {
    this.lastOrdinal = ordinal;
    this.lastCursor = cursor;
  }

  /** The number of the last event numbered, and where to resume after it. */
  get last(): { ordinal: number; cursor: string | undefined } {
    return { ordinal: this.lastOrdinal, cursor: this.lastCursor };
  }

  number<T extends { cursor: string }>(event: T): Numbered<T> {
    this.lastOrdinal++;
    this.lastCursor = event.cursor;
    return { ordinal: this.lastOrdinal, cursor: event.cursor, event };
  }

  /** A webview that holds 1..ordinal asked to go on from there: numbering restarts after it. */
  resetTo(ordinal: number, cursor: string | undefined): void {
    this.lastOrdinal = ordinal;
    this.lastCursor = cursor;
  }
}

/**
 * The ordinals of the last `count` of `total` events (a preview of a long history): they end at `total`, so the
 * replay numbers the same events the same way when it reaches them.
 */
export function tailOrdinals(total: number, count: number): { from: number; to: number } {
  const n = Math.max(0, Math.min(count, total));
  return { from: total - n + 1, to: total };
}
