// Strict body checks with the service's wording: a 400 whose message starts with the field's path
// (`events.0.content.0.text: Field required`), and unknown fields refused (`…: Extra inputs are not permitted`).
import { badRequest } from '../http';

export type Json = Record<string, unknown>;

export function object(value: unknown, path: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badRequest(path, 'Input should be an object');
  return value as Json;
}

/** Refuses any field not in `allowed`. */
export function only(value: Json, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw badRequest(join(path, key), 'Extra inputs are not permitted');
  }
}

export function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

export function requiredString(value: Json, key: string, path: string): string {
  const field = value[key];
  if (field === undefined) throw badRequest(join(path, key), 'Field required');
  if (typeof field !== 'string' || field === '')
    throw badRequest(join(path, key), 'Input should be a non-empty string');
  return field;
}

export function optionalString(value: Json, key: string, path: string): string | null | undefined {
  const field = value[key];
  if (field === undefined || field === null) return field;
  if (typeof field !== 'string') throw badRequest(join(path, key), 'Input should be a string or null');
  return field;
}

export function optionalBoolean(value: Json, key: string, path: string): boolean | null | undefined {
  const field = value[key];
  if (field === undefined || field === null || typeof field === 'boolean') return field;
  throw badRequest(join(path, key), 'Input should be a boolean or null');
}

export function literal<T extends string>(value: Json, key: string, path: string, choices: readonly T[]): T {
  const field = value[key];
  if (field === undefined) throw badRequest(join(path, key), 'Field required');
  if (typeof field !== 'string' || !(choices as readonly string[]).includes(field)) {
    throw badRequest(
      join(path, key),
      `Input should be ${choices.map((choice) => `'${choice}'`).join(' or ')}`,
    );
  }
  return field as T;
}

export function array(
  value: Json,
  key: string,
  path: string,
  bounds: { min: number; max: number },
): unknown[] {
  const field = value[key];
  if (field === undefined) throw badRequest(join(path, key), 'Field required');
  if (!Array.isArray(field)) throw badRequest(join(path, key), 'Input should be a valid list');
  if (field.length < bounds.min)
    throw badRequest(join(path, key), `List should have at least ${bounds.min} item(s)`);
  if (field.length > bounds.max)
    throw badRequest(join(path, key), `List should have at most ${bounds.max} items`);
  return field;
}

/** `{ [key]: string }` with the service's limits (16 pairs, keys up to 64 and values up to 512 characters). */
export function metadata(value: unknown, path: string): Record<string, string> {
  const map = object(value, path);
  const entries = Object.entries(map);
  if (entries.length > 16) throw badRequest(path, 'at most 16 pairs');
  for (const [key, field] of entries) {
    if (key.length > 64) throw badRequest(join(path, key), 'keys are at most 64 characters');
    if (typeof field !== 'string' || field.length > 512)
      throw badRequest(join(path, key), 'Input should be a string of at most 512 characters');
  }
  return map as Record<string, string>;
}
