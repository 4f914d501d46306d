/**
 * Steering a followed run from its panel (backends whose capabilities allow it): a message, an interrupt, an answer
 * to a tool use that waits for approval. Keeps the approval cards (approvals.ts) from the events, sends through the
 * backend of the panel's connection as it is now (a sign-out leaves nothing to send with), and says how it went.
 */
import type { Backend, FollowRef, TimelineEvent } from '../backends/types';
import { errorMessage } from '../net/errors';
import { Approvals } from './approvals';
import type { HostMessage, SteerDto, WebviewMessage } from './protocol';

type SteerMessage = Extract<WebviewMessage, { type: 'sendMessage' | 'interrupt' | 'answerApproval' }>;

export function isSteerMessage(message: WebviewMessage): message is SteerMessage {
  return message.type === 'sendMessage' || message.type === 'interrupt' || message.type === 'answerApproval';
}

export class Steering {
  private readonly approvals = new Approvals();

  constructor(
    private readonly ref: FollowRef,
    /** The backend of the panel's connection now; undefined when signed out. */
    private readonly backend: () => Backend | undefined,
    /** The cards changed: the header must be sent again. */
    private readonly changed: () => void,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** What the header says a person can do, or undefined when the backend cannot be steered. */
  dto(): SteerDto | undefined {
    const caps = this.backend()?.caps;
    if (!caps || !(caps.reply || caps.interrupt || caps.approvals)) return undefined;
    return {
      reply: caps.reply,
      interrupt: caps.interrupt,
      approvals: caps.approvals ? this.approvals.cards() : [],
    };
  }

  /** How many tool uses wait for an answer nobody has sent yet (the status bar counts the run). */
  waiting(): number {
    return this.approvals.cards().filter((card) => card.state === 'pending').length;
  }

  /** One delivered event, in order. */
  take(event: TimelineEvent): void {
    if (event.approval && this.approvals.take(event.approval)) this.changed();
  }

  async handle(message: SteerMessage): Promise<void> {
    const backend = this.backend();
    const what =
      message.type === 'sendMessage' ? 'message' : message.type === 'interrupt' ? 'interrupt' : 'answer';
    if (message.type === 'answerApproval') {
      this.approvals.sending(message.id);
      this.changed();
    }
    try {
      if (!backend) throw new Error('Signed out: sign in again to send.');
      switch (message.type) {
        case 'sendMessage':
          if (!backend.sendMessage) throw new Error('This connection cannot send messages to a run.');
          await backend.sendMessage(this.ref, message.text);
          break;
        case 'interrupt':
          if (!backend.interrupt) throw new Error('This connection cannot interrupt a run.');
          await backend.interrupt(this.ref);
          break;
        case 'answerApproval':
          if (!backend.answerApproval) throw new Error('This connection cannot answer approvals.');
          await backend.answerApproval(this.ref, message.id, message.allow, message.reason);
          break;
      }
      this.post({ type: 'steered', what, ok: true });
    } catch (error) {
      if (message.type === 'answerApproval') {
        this.approvals.failed(message.id);
        this.changed();
      }
      this.post({ type: 'steered', what, ok: false, error: errorMessage(error) });
    }
  }
}
