// The Events view's search over 100,000 rows, side by side with the way it searched before: a lower-cased copy of
// each row (type, group, summary, payload) made on the first search and kept, then `includes`. Ours tests each field
// in place with a case-insensitive pattern and keeps nothing. Same rows (the AgentOS sandbox's shape, made by the
// real presenter and unpacked as the webview unpacks them), same needles, one process, alternating.
// Run: npx tsx --expose-gc bench/search.ts [--smoke]; `npm run bench` runs it too.
import { agentOsPresenter } from '../src/backends/agentos/present';
import type { RowDto } from '../src/panel/protocol';
import { unpackRows } from '../src/panel/row-pack';
import { rowMatches, searchPattern } from '../media/src/search-pattern';
import { median } from './stream';
import { agentOsEvents, packed } from './trace-fold';

/** A word that is everywhere, one that is in a fifth of the rows, one in one row, and one in none. */
const NEEDLES = ['node', 'planner', 'event 99999:', 'no such text'];

const copyOf = (row: RowDto): string =>
  `${row.type}\n${row.group ?? ''}\n${row.summary}\n${row.json}`.toLowerCase();

export function searchBench(smoke: boolean, print: (name: string, value: string) => void): void {
  const n = smoke ? 10_000 : 100_000;
  const rounds = smoke ? 1 : 7;
  const rows = packed(agentOsEvents(n), agentOsPresenter).flatMap((batch) => unpackRows(batch) ?? []);
  const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
  const ours: number[] = [];
  const firstCopies: number[] = [];
  const laterCopies: number[] = [];
  let heldMb = NaN;
  for (let round = 0; round < rounds; round++) {
    gc();
    let started = performance.now();
    const counts: number[] = [];
    for (const needle of NEEDLES) {
      const pattern = searchPattern(needle);
      let count = 0;
      for (const row of rows) if (rowMatches(row, pattern)) count++;
      counts.push(count);
    }
    ours.push((performance.now() - started) / NEEDLES.length);

    gc();
    const before = process.memoryUsage().heapUsed;
    const copies: (string | undefined)[] = [];
    const search = (needle: string): number => {
      let count = 0;
      rows.forEach((row, i) => {
        const copy = (copies[i] ??= copyOf(row));
        if (copy.includes(needle)) count++;
      });
      return count;
    };
    started = performance.now();
    const first = search(NEEDLES[0] as string);
    firstCopies.push(performance.now() - started);
    started = performance.now();
    const rest = NEEDLES.slice(1).map(search);
    laterCopies.push((performance.now() - started) / (NEEDLES.length - 1));
    gc();
    heldMb = (process.memoryUsage().heapUsed - before) / 1e6;
    if (JSON.stringify([first, ...rest]) !== JSON.stringify(counts))
      throw new Error(`the two searches disagree: ${[first, ...rest].join()} vs ${counts.join()}`);
    copies.length = 0;
  }
  print('search.rows', String(n));
  print('search.pattern_ms_per_search_p50', median(ours).toFixed(1));
  print('search.copies_first_search_ms_p50', median(firstCopies).toFixed(1));
  print('search.copies_later_search_ms_p50', median(laterCopies).toFixed(1));
  print('search.copies_held_mb', heldMb.toFixed(1));
  print('search.pattern_vs_copies_first', (median(ours) / median(firstCopies)).toFixed(2));
  print('search.pattern_vs_copies_later', (median(ours) / median(laterCopies)).toFixed(2));
}

if (process.argv[1]?.endsWith('search.ts')) {
  searchBench(process.argv.includes('--smoke'), (name, value) => process.stdout.write(`${name}: ${value}\n`));
}
