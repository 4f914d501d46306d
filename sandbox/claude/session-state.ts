// A session's status, usage and stats follow its events, as a thread's status follows its own: the log is the
// source of truth, whether the runner, a scripted feed or an admin call appended the event.
import type { ClaudeContext } from './context';
import { usageFromWire } from './dto';
import type { SessionRecord, SessionStatus, ThreadRecord } from './records';

const STATUS_BY_TYPE: Record<string, SessionStatus> = {
  'session.status_running': 'running',
  'session.status_idle': 'idle',
  'session.status_rescheduled': 'rescheduling',
  'session.status_terminated': 'terminated',
  'session.thread_status_running': 'running',
  'session.thread_status_idle': 'idle',
  'session.thread_status_rescheduled': 'rescheduling',
  'session.thread_status_terminated': 'terminated',
};

/** Active time counts while running; a status change closes or opens the running interval. */
function moveStatus(record: SessionRecord | ThreadRecord, status: SessionStatus, at: number): void {
  if (record.runningSince !== null && status !== 'running') {
    record.activeMs += Math.max(0, at - record.runningSince);
    record.runningSince = null;
  } else if (record.runningSince === null && status === 'running') {
    record.runningSince = at;
  }
}

export function trackSession(ctx: ClaudeContext, session: SessionRecord): void {
  const log = session.log;
  log.onAppend((from, to) => {
    for (let position = from; position < to; position++) {
      const type = log.typeAt(position);
      if (type !== 'session.usage' && STATUS_BY_TYPE[type] === undefined) continue;
      const at = log.timeAt(position);
      const event = log.at(position);
      if (type === 'session.usage') {
        session.usage = usageFromWire(event.usage);
      } else if (type.startsWith('session.thread_status_')) {
        const thread = session.threads.find((candidate) => candidate.id === event.session_thread_id);
        if (thread) {
          moveStatus(thread, STATUS_BY_TYPE[type] as SessionStatus, at);
          thread.status = STATUS_BY_TYPE[type] as SessionStatus;
        }
      } else {
        const status = STATUS_BY_TYPE[type] as SessionStatus;
        moveStatus(session, status, at);
        if (status === 'terminated') session.endedMs = at;
        ctx.store.setSessionStatus(session, status);
      }
    }
    const last = log.timeAt(to - 1);
    session.updatedMs = Math.max(session.updatedMs, last);
    session.lastMs = Math.max(session.lastMs, last);
  });
}

export function activeSeconds(record: SessionRecord | ThreadRecord, now: number): number {
  const running = record.runningSince === null ? 0 : Math.max(0, now - record.runningSince);
  return Math.round((record.activeMs + running) / 100) / 10;
}
