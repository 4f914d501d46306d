// Steering a run from its panel (Managed Agents): the message box with Send and Interrupt, and a card per tool use
// that waits for approval, with Allow and Deny (and why). Everything shown is set as text, never as markup.
import type { ApprovalCard, HostMessage, RunState, SteerDto, WebviewMessage } from '../../src/panel/protocol';

type Steered = Extract<HostMessage, { type: 'steered' }>;

const ENDED: readonly (RunState | undefined)[] = ['completed', 'failed', 'cancelled'];

export class SteerView {
  private readonly section = byId('steer');
  private readonly cards = byId('approvals');
  // Not a <form>: the webview's sandbox has no allow-forms, so a submit would be dropped before its event fires.
  private readonly form = byId('composer');
  private readonly message = byId<HTMLTextAreaElement>('message');
  private readonly send = byId<HTMLButtonElement>('send');
  private readonly interrupt = byId<HTMLButtonElement>('interrupt');
  private readonly status = byId('steer-status');
  private sending = false;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.send.addEventListener('click', () => this.submit());
    this.message.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.submit();
      }
    });
    this.interrupt.addEventListener('click', () => {
      this.say('Interrupting…');
      this.post({ type: 'interrupt' });
    });
  }

  render(steer: SteerDto | undefined, state: RunState | undefined): void {
    const ended = ENDED.includes(state);
    // An ended run cannot be answered: its message box goes; answered cards, if any, stay to say what was decided.
    this.section.hidden = steer === undefined || (ended && steer.approvals.length === 0);
    if (!steer) return;
    this.form.hidden = ended || (!steer.reply && !steer.interrupt);
    this.message.hidden = this.send.hidden = !steer.reply;
    this.interrupt.hidden = !steer.interrupt;
    this.message.disabled = ended;
    this.send.disabled = ended || this.sending;
    this.interrupt.disabled = ended || state !== 'running';
    this.renderCards(steer.approvals);
  }

  /** How a message, interrupt or answer went: a failed message keeps its text, and says why. */
  steered(result: Steered): void {
    if (result.what === 'message') {
      this.sending = false;
      this.send.disabled = this.message.disabled;
      if (result.ok) {
        this.message.value = '';
        this.say('Sent. It shows in the timeline when the session takes it.');
      }
    }
    if (result.ok && result.what === 'interrupt') this.say('Interrupt sent.');
    if (!result.ok) this.say(`Not sent: ${result.error ?? 'unknown error'}`, true);
  }

  private submit(): void {
    const text = this.message.value;
    if (text.trim() === '' || this.sending || this.message.disabled) return;
    this.sending = true;
    this.send.disabled = true;
    this.say('Sending…');
    this.post({ type: 'sendMessage', text });
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
    this.status.setAttribute('role', error ? 'alert' : 'status');
  }

  private renderCards(cards: ApprovalCard[]): void {
    this.cards.replaceChildren(...cards.map((card) => this.card(card)));
  }

  private card(card: ApprovalCard): HTMLElement {
    const el = document.createElement('div');
    el.className = `approval approval-${card.state}`;
    el.dataset.id = card.id;
    const title = document.createElement('div');
    title.className = 'approval-title';
    const icon = document.createElement('span');
    icon.className = 'codicon codicon-shield';
    icon.setAttribute('aria-hidden', 'true');
    const name = document.createElement('strong');
    name.textContent = card.tool;
    title.append(icon, document.createTextNode(' Approve '), name, document.createTextNode('?'));
    const input = document.createElement('code');
    input.className = 'approval-input';
    input.textContent = card.input;
    el.append(title, input);
    if (card.state === 'pending') {
      const reason = document.createElement('input');
      reason.type = 'text';
      reason.className = 'approval-reason';
      reason.placeholder = 'Why not? (optional, sent with Deny)';
      reason.setAttribute('aria-label', `Reason to deny ${card.tool}`);
      const allow = button('Allow', 'check', () =>
        this.post({ type: 'answerApproval', id: card.id, allow: true }),
      );
      const deny = button('Deny', 'close', () => {
        const why = reason.value.trim();
        this.post({ type: 'answerApproval', id: card.id, allow: false, ...(why ? { reason: why } : {}) });
      });
      deny.classList.add('secondary');
      const actions = document.createElement('div');
      actions.className = 'approval-actions';
      actions.append(allow, deny, reason);
      el.append(actions);
    } else {
      const state = document.createElement('div');
      state.className = 'approval-state';
      state.textContent =
        card.state === 'sending' ? 'Sending your answer…' : card.state === 'allowed' ? 'Allowed' : 'Denied';
      el.append(state);
    }
    return el;
  }
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
}

function button(label: string, icon: string, onClick: () => void): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  const glyph = document.createElement('span');
  glyph.className = `codicon codicon-${icon}`;
  glyph.setAttribute('aria-hidden', 'true');
  el.append(glyph, document.createTextNode(label));
  el.addEventListener('click', onClick);
  return el;
}
