// GET …/events: one page of a thread's events, by position, never by scanning. The order is processed_at; queued
// events (processed_at null, not processed yet) sort after every processed one, as if their time were +infinity:
// they come last in `asc`, first in `desc`, pass `created_at[gt|gte]` and fail `created_at[lt|lte]`. A cursor is
// a virtual index (processed positions, then the queue): once a queued event is processed it may show up again
// on a later page, processed this time, so a reader dedupes by id (as it must with the live service too).
import { badRequest } from '../http';
import { decodeCursor, encodeCursor } from './cursor';
import type { EventLog, LogEvent } from './event-log';
import type { Order, TimeRange } from './list-params';
import { walkMerged } from './paging';

export interface EventQuery {
  limit: number;
  order: Order;
  types?: readonly string[];
  range: TimeRange;
  page?: string;
}

export interface EventPage {
  data: LogEvent[];
  next_page: string | null;
}

interface EventCursor {
  o: Order;
  p: number;
}

function isEventCursor(value: unknown): value is EventCursor {
  const cursor = value as EventCursor | null;
  return (
    typeof cursor === 'object' &&
    cursor !== null &&
    (cursor.o === 'asc' || cursor.o === 'desc') &&
    Number.isInteger(cursor.p) &&
    cursor.p >= 0
  );
}

const identity = (position: number): number => position;

export function listEvents(log: EventLog, query: EventQuery): EventPage {
  const cursor = query.page === undefined ? undefined : decodeCursor(query.page, isEventCursor);
  if (cursor && cursor.o !== query.order) throw badRequest('page', `was issued for order=${cursor.o}`);
  const { range, types } = query;
  // The processed positions inside the time range: [low, high).
  let low = 0;
  if (range.gte !== undefined) low = Math.max(low, log.lowerBound(range.gte));
  if (range.gt !== undefined) low = Math.max(low, log.lowerBound(range.gt, true));
  let high = log.length;
  if (range.lt !== undefined) high = Math.min(high, log.lowerBound(range.lt));
  if (range.lte !== undefined) high = Math.min(high, log.lowerBound(range.lte, true));
  const withQueue = range.lt === undefined && range.lte === undefined;
  const queued = withQueue
    ? log.queued
        .map((event, index) => ({ event, virtual: log.length + index }))
        .filter(({ event }) => types === undefined || types.includes(event.type))
    : [];

  function* ascending(from: number): Generator<{ event: LogEvent; virtual: number }> {
    const start = Math.max(from, low);
    if (types === undefined) {
      for (let position = start; position < high; position++)
        yield { event: log.at(position), virtual: position };
    } else {
      const lists = types.map((type) => log.positionsOf(type));
      for (const position of walkMerged(lists, identity, start - 1, 'asc')) {
        if (position >= high) break;
        yield { event: log.at(position), virtual: position };
      }
    }
    yield* queued.filter((item) => item.virtual >= from);
  }

  function* descending(below: number): Generator<{ event: LogEvent; virtual: number }> {
    yield* queued.filter((item) => item.virtual < below).reverse();
    const start = Math.min(below, high);
    if (types === undefined) {
      for (let position = start - 1; position >= low; position--)
        yield { event: log.at(position), virtual: position };
    } else {
      const lists = types.map((type) => log.positionsOf(type));
      for (const position of walkMerged(lists, identity, start, 'desc')) {
        if (position < low) break;
        yield { event: log.at(position), virtual: position };
      }
    }
  }

  const items: { event: LogEvent; virtual: number }[] = [];
  const source = query.order === 'asc' ? ascending(cursor?.p ?? 0) : descending(cursor?.p ?? Infinity);
  for (const item of source) {
    items.push(item);
    if (items.length > query.limit) break;
  }
  const more = items.length > query.limit;
  const data = items.slice(0, query.limit);
  let next: number | undefined;
  if (more)
    next = query.order === 'asc' ? (items[query.limit] as { virtual: number }).virtual : data.at(-1)?.virtual;
  return {
    data: data.map((item) => item.event),
    next_page: next === undefined ? null : encodeCursor({ o: query.order, p: next }),
  };
}
