// Live typing (Managed Agents' previews): what the agent writes before its message exists, in a bar under the
// events. It is never a row — not counted, not searchable, not saved — and the final message replaces it.
import type { TypingPreview } from '../../src/backends/types';

/** The end of a long message is what is being written; the bar shows its last lines. */
const SHOWN_CHARS = 600;

/** How many of the latest states the view remembers (what the panel showed lately; tests read it). */
const HISTORY = 40;

export class TypingView {
  /** The latest texts shown, oldest first ('' for the bar hidden). */
  readonly history: string[] = [];
  private readonly bar = byId('typing');
  private readonly label = byId('typing-label');
  private readonly text = byId('typing-text');

  show(typing: TypingPreview | null): void {
    this.bar.hidden = typing === null;
    this.history.push(typing === null ? '' : typing.text);
    if (this.history.length > HISTORY) this.history.shift();
    if (!typing) return;
    this.label.textContent = typing.thinking ? 'Thinking…' : 'Writing…';
    const text = typing.thinking ? '' : typing.text;
    // Text only, never markup: a preview carries whatever the model wrote.
    this.text.textContent = text.length > SHOWN_CHARS ? `…${text.slice(-SHOWN_CHARS)}` : text;
  }
}

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el;
}
