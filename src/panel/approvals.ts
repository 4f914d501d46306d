/**
 * Which tool uses of a followed run wait for a person's answer, from the events alone (any backend that says
 * `approval` on its events): a tool use that asks is remembered; the idle that waits names which ones are pending;
 * an answer settles one (its card then says what was decided); the run going on ends the wait for the rest. What the person sent and has not seen come back yet is
 * `sending`. Pure: no `vscode`.
 */
import type { ApprovalFacts } from '../backends/types';
import type { ApprovalCard } from './protocol';

export class Approvals {
  private readonly asked = new Map<string, { tool: string; input: string }>();
  private awaited: string[] = [];
  private readonly answers = new Map<string, ApprovalCard['state']>();

  /** Takes one event's facts; true when the cards changed. */
  take(facts: ApprovalFacts | undefined): boolean {
    if (!facts) return false;
    switch (facts.kind) {
      case 'asks':
        this.asked.set(facts.id, { tool: facts.tool, input: facts.input });
        return false;
      case 'awaits':
        this.awaited = facts.ids.filter(
          (id) => this.answers.get(id) !== 'allowed' && this.answers.get(id) !== 'denied',
        );
        return true;
      case 'answered':
        this.answers.set(facts.id, facts.allowed ? 'allowed' : 'denied');
        return this.awaited.includes(facts.id);
      case 'resumed': {
        // The run went on: what was not answered can no longer be; what was stays, saying what was decided,
        // until the next wait.
        const decided = this.awaited.filter((id) => this.answers.has(id));
        const changed = decided.length !== this.awaited.length;
        this.awaited = decided;
        return changed;
      }
    }
  }

  /** The person pressed Allow or Deny: shown as sending until the answer comes back as an event. */
  sending(id: string): void {
    if (!this.answers.has(id)) this.answers.set(id, 'sending');
  }

  /** Sending failed: the card asks again. */
  failed(id: string): void {
    if (this.answers.get(id) === 'sending') this.answers.delete(id);
  }

  /** The cards to show: every awaited tool use, with its answer so far. */
  cards(): ApprovalCard[] {
    return this.awaited.map((id) => {
      const asked = this.asked.get(id);
      return {
        id,
        tool: asked?.tool ?? 'a tool',
        input: asked?.input ?? '',
        state: this.answers.get(id) ?? 'pending',
      };
    });
  }
}
