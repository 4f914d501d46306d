// A session's threads: the primary thread (parent_thread_id null) and its sub-agent threads, oldest first.
import { ok, type Reply } from '../router';
import type { ClaudeRequest } from './context';
import { threadDto } from './dto';
import { arrayParam, limitParam, pageParam } from './list-params';
import { findSession, findThread } from './lookup';
import { pageRecords } from './paging';
import { iso, SESSION_STATUSES } from './records';

export function listThreads({ ctx, url, params }: ClaudeRequest): Reply {
  const session = findSession(ctx, params[0] as string);
  const statuses = arrayParam(url.searchParams, 'statuses', SESSION_STATUSES);
  const now = ctx.clock.now();
  const threads = session.threads.map((thread, order) => ({
    order,
    thread,
    dto: threadDto(session, thread, now),
  }));
  const page = pageRecords(
    [threads],
    (item) =>
      statuses === undefined || statuses.includes(item.dto.status as (typeof SESSION_STATUSES)[number]),
    'asc',
    limitParam(url.searchParams),
    pageParam(url.searchParams),
  );
  return ok({ data: page.data.map((item) => item.dto), next_page: page.next_page });
}

export function getThread({ ctx, params }: ClaudeRequest): Reply {
  const session = findSession(ctx, params[0] as string);
  return ok(threadDto(session, findThread(session, params[1] as string), ctx.clock.now()));
}

export function archiveThread({ ctx, params }: ClaudeRequest): Reply {
  const session = findSession(ctx, params[0] as string);
  const thread = findThread(session, params[1] as string);
  if (thread.archived_at === null) thread.archived_at = iso(ctx.clock.now());
  return ok(threadDto(session, thread, ctx.clock.now()));
}
