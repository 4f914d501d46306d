// Body field checks; each failure is a 400 naming the field.
import { badRequest } from './http';

export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw badRequest(field, 'is required and must be a non-empty string');
  return value;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(field, 'must be a non-empty string');
  return value;
}

export function optionalNullableString(
  body: Record<string, unknown>,
  field: string,
): string | null | undefined {
  return body[field] === null ? null : optionalString(body, field);
}

export function optionalInteger(
  body: Record<string, unknown>,
  field: string,
  bounds: { min: number; max: number },
): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw badRequest(field, `must be an integer between ${bounds.min} and ${bounds.max}`);
  }
  return value;
}

export function optionalOneOf<T extends string>(
  body: Record<string, unknown>,
  field: string,
  choices: readonly T[],
): T | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw badRequest(field, `must be one of ${choices.join(', ')}`);
  }
  return value as T;
}
