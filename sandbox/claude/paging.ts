// Cursor paging over records kept in lists sorted by creation order. A page starts by binary search at the
// cursor's order, then walks (several lists merged, e.g. one per status) until `limit` records pass the filter:
// the cost of a page does not depend on where in the list it starts. Events page the same way over positions.
import { badRequest } from '../http';
import { decodeCursor, encodeCursor } from './cursor';
import type { Order } from './list-params';

export interface Ordered {
  order: number;
}

/** First index whose key is >= `value` in a list sorted ascending by `key`. */
export function lowerBound<T>(list: readonly T[], key: (item: T) => number, value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (key(list[mid] as T) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The items of ascending lists, merged, strictly beyond `after` in `direction` (all of them when `after` is
 * undefined): ascending from the first key > after, or descending from the last key < after.
 */
export function* walkMerged<T>(
  lists: readonly (readonly T[])[],
  key: (item: T) => number,
  after: number | undefined,
  direction: Order,
): Generator<T> {
  const up = direction === 'asc';
  const heads = lists.map((list) => {
    if (after === undefined) return up ? 0 : list.length - 1;
    return up ? lowerBound(list, key, after + 1) : lowerBound(list, key, after) - 1;
  });
  for (;;) {
    let best = -1;
    let bestKey = 0;
    for (let index = 0; index < lists.length; index++) {
      const item = (lists[index] as readonly T[])[heads[index] as number];
      if (item === undefined) continue;
      const itemKey = key(item);
      if (best === -1 || (up ? itemKey < bestKey : itemKey > bestKey)) {
        best = index;
        bestKey = itemKey;
      }
    }
    if (best === -1) return;
    yield (lists[best] as readonly T[])[heads[best] as number] as T;
    heads[best] = (heads[best] as number) + (up ? 1 : -1);
  }
}

export function take<T>(items: Iterable<T>, keep: (item: T) => boolean, count: number): T[] {
  const out: T[] = [];
  if (count <= 0) return out;
  for (const item of items) {
    if (!keep(item)) continue;
    out.push(item);
    if (out.length >= count) break;
  }
  return out;
}

interface RecordCursor {
  o: Order;
  d: 'next' | 'prev';
  k: number;
}

function isRecordCursor(value: unknown): value is RecordCursor {
  const cursor = value as RecordCursor | null;
  return (
    typeof cursor === 'object' &&
    cursor !== null &&
    (cursor.o === 'asc' || cursor.o === 'desc') &&
    (cursor.d === 'next' || cursor.d === 'prev') &&
    Number.isInteger(cursor.k)
  );
}

export interface RecordPage<T> {
  data: T[];
  next_page: string | null;
  prev_page: string | null;
}

const byOrder = (item: Ordered): number => item.order;

/** One page in display `order`; `page` is a cursor this function issued (next or previous page). */
export function pageRecords<T extends Ordered>(
  lists: readonly (readonly T[])[],
  keep: (item: T) => boolean,
  order: Order,
  limit: number,
  page: string | undefined,
): RecordPage<T> {
  const cursor = page === undefined ? undefined : decodeCursor(page, isRecordCursor);
  if (cursor && cursor.o !== order) throw badRequest('page', `was issued for order=${cursor.o}`);
  const backward: Order = order === 'asc' ? 'desc' : 'asc';
  const exists = (from: T | undefined, direction: Order): boolean =>
    from !== undefined && take(walkMerged(lists, byOrder, from.order, direction), keep, 1).length > 0;
  const link = (d: 'next' | 'prev', item: T | undefined): string | null =>
    item === undefined ? null : encodeCursor({ o: order, d, k: item.order });

  if (cursor?.d === 'prev') {
    const items = take(walkMerged(lists, byOrder, cursor.k, backward), keep, limit + 1);
    const data = items.slice(0, limit).reverse();
    return {
      data,
      prev_page: items.length > limit ? link('prev', data[0]) : null,
      next_page: exists(data.at(-1), order) ? link('next', data.at(-1)) : null,
    };
  }
  const items = take(walkMerged(lists, byOrder, cursor?.k, order), keep, limit + 1);
  const data = items.slice(0, limit);
  return {
    data,
    next_page: items.length > limit ? link('next', data.at(-1)) : null,
    prev_page: cursor && exists(data[0], backward) ? link('prev', data[0]) : null,
  };
}
