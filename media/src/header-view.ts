// The panel's header: who and what is followed, its status, how the connection stands (with the reason in words and
// what to do about it), how long it has run, and the note when it ended.
import type { ConnectionView, HeaderDto, RowDto } from '../../src/panel/protocol';
import { elapsedText } from '../../src/panel/elapsed';
import { statusIcon, statusLabel } from '../../src/util/status';
import { setIconText, type Elements } from './dom';

/** The rows the header reads (the first for the start time, the last for the end). */
export interface RowSource {
  readonly rows: readonly RowDto[];
  readonly lastOrd: number;
}

export class HeaderView {
  header?: HeaderDto;
  connection: ConnectionView = { kind: 'connecting' };
  private connectionSince = Date.now();
  /** The latest connection states shown, oldest first (tests read it). */
  readonly history: string[] = [];

  constructor(
    private readonly ui: Elements,
    private readonly rows: RowSource,
    private readonly announce: (text: string) => void,
  ) {
    setInterval(() => {
      this.renderElapsed();
      if (this.connection.kind === 'reconnecting') this.renderConnection();
    }, 1000);
  }

  setHeader(header: HeaderDto): void {
    this.header = header;
    this.render();
  }

  render(): void {
    const h = this.header;
    if (!h) return;
    const { ui } = this;
    ui.agent.textContent = h.agentName ?? 'Run';
    ui.agent.title = h.agentId ? `Agent ${h.agentId}` : '';
    ui.runId.textContent = h.runId;
    const status = h.status ?? 'unknown';
    ui.status.className = `badge state-${h.state ?? 'unknown'}`;
    setIconText(
      ui.status,
      statusIcon(h.state, h.status).id,
      statusLabel(status) + (h.why ? ` — ${h.why}` : ''),
    );
    ui.usage.textContent = h.usage ?? '';
    ui.usage.hidden = ui.usageSep.hidden = !h.usage;
    ui.attempt.textContent = h.subRunLabel ?? 'Attempt …';
    ui.attempt.title = `Attempt ${h.subRunId}`;
    ui.connectionName.textContent = h.connectionName;
    ui.cancel.hidden = !h.canCancel;
    ui.inbox.hidden = !h.hasInbox;
    this.renderElapsed();
    this.renderEndNote();
  }

  private startTime(): number | undefined {
    const first = this.rows.rows[0];
    const fromRow = first && first.ord === 1 ? Date.parse(first.ts) : NaN;
    if (Number.isFinite(fromRow)) return fromRow;
    const fromRun = Date.parse(this.header?.startedAt ?? '');
    return Number.isFinite(fromRun) ? fromRun : undefined;
  }

  private endTime(): number | undefined {
    const last = this.rows.rows[this.rows.rows.length - 1];
    if (this.connection.kind === 'ended' && last) {
      const t = Date.parse(last.ts);
      if (Number.isFinite(t)) return t;
    }
    const fromRun = Date.parse(this.header?.endedAt ?? '');
    return Number.isFinite(fromRun) ? fromRun : undefined;
  }

  renderElapsed(): void {
    const start = this.startTime();
    if (start === undefined) {
      this.ui.elapsed.textContent = '—';
      return;
    }
    this.ui.elapsed.textContent = elapsedText((this.endTime() ?? Date.now()) - start);
  }

  private renderEndNote(): void {
    const { ui } = this;
    if (this.connection.kind !== 'ended') {
      ui.endNote.hidden = true;
      return;
    }
    const last = this.rows.rows[this.rows.rows.length - 1];
    const state = this.header?.state;
    ui.endNote.hidden = false;
    ui.endNote.className = `end-note state-${state ?? 'unknown'}`;
    const verb =
      state === 'completed'
        ? 'Run completed'
        : state === 'failed'
          ? 'Run failed'
          : state === 'cancelled'
            ? 'Run cancelled'
            : 'Run ended';
    const start = this.startTime();
    const end = this.endTime();
    const took = start !== undefined && end !== undefined ? ` after ${elapsedText(end - start)}` : '';
    const icon = statusIcon(state, this.header?.status).id;
    setIconText(ui.endNote, icon.includes('~') ? 'info' : icon, ` ${verb}${took}.`);
    const detail = last?.summary.replace(/^Run (finished|failed|cancelled):?\s*/i, '');
    if (detail) {
      const span = document.createElement('span');
      span.className = 'end-detail';
      span.textContent = ` ${detail}`;
      ui.endNote.append(span);
    }
    const follow = document.createElement('span');
    follow.className = 'muted';
    follow.textContent = ' — following stopped.';
    ui.endNote.append(follow);
  }

  connectionText(): { icon?: string; text: string } {
    const c = this.connection;
    switch (c.kind) {
      case 'connecting':
        return { icon: 'loading~spin', text: 'Connecting…' };
      case 'live':
        return { icon: 'radio-tower', text: 'Live' };
      case 'reconnecting': {
        const left = Math.max(0, Math.ceil((this.connectionSince + c.delayMs - Date.now()) / 1000));
        return { icon: 'debug-disconnect', text: `Reconnecting in ${left} s (attempt ${c.attempt})` };
      }
      case 'polling':
        return { icon: 'history', text: 'Polling' };
      case 'ended':
        return { icon: 'stop-circle', text: 'Ended' };
      case 'failed':
        return { icon: 'warning', text: 'Stream failed' };
      case 'stopped':
        return { icon: 'debug-pause', text: 'Not following' };
      case 'signedOut':
        return { icon: 'sign-out', text: 'Signed out' };
    }
  }

  /** The notice under the header: why the stream is not live, in words, and what to do about it. */
  private notice(): { level: 'warning' | 'error' | 'info'; icon: string; text: string } | undefined {
    const c = this.connection;
    const lastOrd = this.rows.lastOrd;
    const last = this.rows.rows[this.rows.rows.length - 1];
    const after = lastOrd > 0 && last ? ` after event ${last.label}` : '';
    switch (c.kind) {
      case 'reconnecting':
        return { level: 'warning', icon: 'debug-disconnect', text: `The stream broke: ${c.reason}.` };
      case 'polling':
        return { level: 'info', icon: 'history', text: `Polling for events: ${c.reason}.` };
      case 'failed':
        return { level: 'error', icon: 'error', text: `Stream failed: ${c.reason}` };
      case 'signedOut':
        return {
          level: 'warning',
          icon: 'sign-out',
          text: `Signed out of ${c.connectionName}: nothing is sent with the old key. Sign in to go on${after}.`,
        };
      default:
        return undefined;
    }
  }

  renderConnection(): void {
    const { ui, connection } = this;
    const { icon, text } = this.connectionText();
    setIconText(ui.connection, icon, text);
    ui.connection.className = `connection conn-${connection.kind}`;
    ui.connection.title = 'reason' in connection ? connection.reason : '';
    const notice = this.notice();
    ui.notice.hidden = !notice;
    if (notice) {
      ui.notice.className = `notice notice-${notice.level}`;
      ui.noticeIcon.className = `codicon codicon-${notice.icon}`;
      ui.noticeText.textContent = notice.text;
    }
    const following = !['stopped', 'ended', 'failed', 'signedOut'].includes(connection.kind);
    ui.retry.hidden = !(connection.kind === 'failed' || connection.kind === 'reconnecting');
    ui.retryLabel.textContent = connection.kind === 'reconnecting' ? 'Retry now' : 'Retry';
    ui.signIn.hidden = connection.kind !== 'signedOut';
    ui.stop.hidden = !following;
    ui.resume.hidden = connection.kind !== 'stopped';
    this.renderEndNote();
  }

  setConnection(next: ConnectionView): void {
    const before = this.connection.kind;
    this.connection = next;
    this.connectionSince = Date.now();
    this.renderConnection();
    this.history.push(this.ui.connection.textContent ?? '');
    if (this.history.length > 50) this.history.shift();
    this.renderElapsed();
    if (before !== next.kind) {
      const reason = 'reason' in next ? `: ${next.reason}` : '';
      this.announce(`${this.connectionText().text}${reason}`);
    }
  }
}
