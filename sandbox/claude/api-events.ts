// Session and thread events: the list (cursor pages, order, types[], created_at[…] on processed_at), sending
// (strictly checked), and the two live streams.
import { readObjectBody } from '../http';
import { ok, type Reply } from '../router';
import { array, only } from './check';
import type { ClaudeRequest } from './context';
import { listEvents } from './event-list';
import type { LogEvent } from './event-log';
import { arrayParam, limitParam, orderParam, pageParam, timeRangeParams } from './list-params';
import { findSession, findThread } from './lookup';
import { bigText } from './phrases';
import type { SessionRecord, ThreadRecord } from './records';
import { sendEvents } from './sessions';
import { streamTarget } from './stream';
import { EVENT_TYPES } from './event-types';
import { validateEvent } from './validate-events';

function eventPage(log: SessionRecord['log'], params: URLSearchParams): Reply {
  return ok(
    listEvents(log, {
      limit: limitParam(params),
      order: orderParam(params, 'asc'),
      types: arrayParam(params, 'types', EVENT_TYPES),
      range: timeRangeParams(params),
      page: pageParam(params),
    }),
  );
}

export function listSessionEvents({ ctx, url, params }: ClaudeRequest): Reply {
  return eventPage(findSession(ctx, params[0] as string).log, url.searchParams);
}

export function listThreadEvents({ ctx, url, params }: ClaudeRequest): Reply {
  const session = findSession(ctx, params[0] as string);
  return eventPage(findThread(session, params[1] as string).log, url.searchParams);
}

export async function postEvents({ ctx, req, params }: ClaudeRequest): Promise<Reply> {
  const session = findSession(ctx, params[0] as string);
  const body = await readObjectBody(req);
  only(body, '', ['events']);
  const events = array(body, 'events', '', { min: 1, max: 50 }).map((event, index) =>
    validateEvent(event, `events.${index}`),
  );
  return ok({ data: sendEvents(ctx, session, events, 'events') });
}

function big(session: SessionRecord, thread?: ThreadRecord): void {
  if (session.runner.ended) return;
  session.runner.inject({ type: 'agent.message', content: [{ type: 'text', text: bigText() }] }, thread?.id);
}

export function streamSession(request: ClaudeRequest): Promise<void> {
  const session = findSession(request.ctx, request.params[0] as string);
  return streamTarget(request, {
    log: session.log,
    isFinal: (event: LogEvent) =>
      event.type === 'session.status_terminated' || event.type === 'session.deleted',
    over: session.status === 'terminated',
    big: () => big(session),
  });
}

export function streamThread(request: ClaudeRequest): Promise<void> {
  const session = findSession(request.ctx, request.params[0] as string);
  const thread = findThread(session, request.params[1] as string);
  if (thread.parent_thread_id === null) return streamSession(request);
  return streamTarget(request, {
    log: thread.log,
    isFinal: (event: LogEvent) =>
      event.type === 'session.deleted' ||
      (event.type === 'session.thread_status_terminated' && event.session_thread_id === thread.id),
    over: thread.status === 'terminated' || session.status === 'terminated',
    big: () => big(session, thread),
  });
}
