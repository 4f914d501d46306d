// Query parameters of the list endpoints, each failure a 400 naming the parameter. Arrays arrive in the SDK's
// bracket form (`statuses[]=idle&statuses[]=running`); the bare name (`statuses=idle`) is accepted as well.
import { badRequest } from '../http';
import { intParam } from '../query';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

export type Order = 'asc' | 'desc';

export function limitParam(params: URLSearchParams): number {
  return intParam(params, 'limit', { min: 1, max: MAX_LIMIT, fallback: DEFAULT_LIMIT });
}

export function orderParam(params: URLSearchParams, fallback: Order): Order {
  const raw = params.get('order');
  if (raw === null) return fallback;
  if (raw !== 'asc' && raw !== 'desc') throw badRequest('order', 'must be asc or desc');
  return raw;
}

/** Values of `name[]` (and `name`), each one of `allowed`; undefined when the filter is absent. */
export function arrayParam<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const values = [...params.getAll(`${name}[]`), ...params.getAll(name)];
  if (values.length === 0) return undefined;
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) {
      throw badRequest(`${name}[]`, `"${value}" is not one of ${allowed.join(', ')}`);
    }
  }
  return [...new Set(values)] as T[];
}

export interface TimeRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** `created_at[gt|gte|lt|lte]` as epoch milliseconds (RFC 3339 in, anything else a 400). */
export function timeRangeParams(params: URLSearchParams, base = 'created_at'): TimeRange {
  const range: TimeRange = {};
  for (const bound of ['gt', 'gte', 'lt', 'lte'] as const) {
    const name = `${base}[${bound}]`;
    const raw = params.get(name);
    if (raw === null) continue;
    const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(ms)) throw badRequest(name, 'must be an RFC 3339 timestamp');
    range[bound] = ms;
  }
  return range;
}

export function inRange(ms: number, range: TimeRange): boolean {
  return (
    (range.gt === undefined || ms > range.gt) &&
    (range.gte === undefined || ms >= range.gte) &&
    (range.lt === undefined || ms < range.lt) &&
    (range.lte === undefined || ms <= range.lte)
  );
}

export function pageParam(params: URLSearchParams): string | undefined {
  const raw = params.get('page');
  return raw === null || raw === '' ? undefined : raw;
}
