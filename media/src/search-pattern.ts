// What the search box looks for in the Events view's rows, and which rows have it. Pure: unit-tested in plain Node.
import type { RowDto } from '../../src/panel/protocol';

/**
 * What a search looks for: the text, any case, as a pattern that tests each field in place. It used to keep a
 * lower-cased copy of every row it had looked at (about 20 MB over 100,000 rows); a case-insensitive pattern reads
 * the fields as they are, in about the time the copies took to search once made (and without making them first).
 */
export function searchPattern(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu');
}

/** Whether the row's type, group, summary or payload has what `pattern` looks for. */
export function rowMatches(row: RowDto, pattern: RegExp): boolean {
  return (
    pattern.test(row.type) ||
    (row.group !== undefined && pattern.test(row.group)) ||
    pattern.test(row.summary) ||
    pattern.test(row.json)
  );
}
