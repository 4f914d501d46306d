// Opaque page cursors: base64url JSON that carries a position (an index or a creation order), never a copy of
// the data, so a page anywhere in a long list is found by position, not by scanning. A cursor a list did not
// issue, or one from another `order`, is a 400 on `page`.
import { badRequest } from '../http';

const PREFIX = 'page_';

export function encodeCursor(value: Record<string, string | number>): string {
  return PREFIX + Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(token: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    if (!token.startsWith(PREFIX)) throw new Error('not ours');
    value = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw badRequest('page', 'is not a cursor this list issued');
  }
  if (!isValid(value)) throw badRequest('page', 'is not a cursor this list issued');
  return value;
}
