// Query-string validation: each reader names the parameter in its 400 so the caller knows what to fix.
import { badRequest } from './http';

export function intParam(
  params: URLSearchParams,
  name: string,
  bounds: { min: number; max: number; fallback: number },
): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return bounds.fallback;
  if (!/^-?\d+$/.test(raw)) throw badRequest(name, 'must be an integer');
  const value = Number(raw);
  if (value < bounds.min || value > bounds.max) {
    throw badRequest(name, `must be between ${bounds.min} and ${bounds.max}`);
  }
  return value;
}

export function stringParam(params: URLSearchParams, name: string): string | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  if (raw.trim() === '') throw badRequest(name, 'must not be empty');
  return raw;
}

export function boolParam(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  if (raw === null || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw badRequest(name, 'must be true or false');
}

export interface Page {
  limit: number;
  offset: number;
}

export function pageParams(params: URLSearchParams): Page {
  return {
    limit: intParam(params, 'limit', { min: 1, max: 500, fallback: 50 }),
    offset: intParam(params, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
  };
}
