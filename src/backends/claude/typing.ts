/**
 * Live typing from the stream's previews (`event_deltas`): `event_start` opens a preview of an `agent.message` or
 * `agent.thinking` by the id the final event will carry, `event_delta` adds text to it. Previews are never events:
 * they are not counted, not numbered and not kept. The final event with that id closes its preview; so does the
 * end of its model request (`span.model_request_end`: an error or an interrupt produces no final event), and so does
 * a reconnect, since previews are best effort and the next connection's are new.
 */
import type { TypingPreview } from '../types';

interface Open {
  thinking: boolean;
  /** Text fragments by content index; joined when shown. */
  parts: string[];
}

/** Ids of final events seen lately: a preview buffered before its event was delivered opens nothing. */
const REMEMBERED = 64;

export class TypingTracker {
  private readonly open = new Map<string, Open>();
  private readonly closed: string[] = [];

  /** A preview frame from the stream; the typing to show now, or undefined when nothing changed. */
  preview(frame: { type: string; [field: string]: unknown }): TypingPreview | null | undefined {
    if (frame.type === 'event_start') {
      const event = frame.event as { id?: unknown; type?: unknown } | undefined;
      if (typeof event?.id !== 'string' || this.closed.includes(event.id)) return undefined;
      this.open.set(event.id, { thinking: event.type === 'agent.thinking', parts: [] });
      return this.current();
    }
    if (frame.type === 'event_delta') {
      const open = typeof frame.event_id === 'string' ? this.open.get(frame.event_id) : undefined;
      const delta = frame.delta as { content?: { text?: unknown }; index?: unknown } | undefined;
      const text = delta?.content?.text;
      if (!open || typeof text !== 'string') return undefined;
      const index =
        typeof delta?.index === 'number' && delta.index >= 0 && delta.index < 1000 ? delta.index : 0;
      open.parts[index] = (open.parts[index] ?? '') + text;
      return this.current();
    }
    return undefined;
  }

  /** A delivered event: closes its own preview, or every preview when its model request ended. */
  delivered(event: { id: string; type: string }): TypingPreview | null | undefined {
    if (event.type === 'span.model_request_end') return this.open.size > 0 ? this.reset() : undefined;
    if (event.type !== 'agent.message' && event.type !== 'agent.thinking') return undefined;
    this.closed.push(event.id);
    if (this.closed.length > REMEMBERED) this.closed.shift();
    return this.open.delete(event.id) ? this.current() : undefined;
  }

  get isTyping(): boolean {
    return this.open.size > 0;
  }

  /** Everything closes (a reconnect, the end of the follow). */
  reset(): null {
    this.open.clear();
    return null;
  }

  /** The newest open preview, or null when none is open. */
  private current(): TypingPreview | null {
    const newest = [...this.open.values()].at(-1);
    if (!newest) return null;
    return { thinking: newest.thinking, text: newest.parts.join('') };
  }
}
