// A list of runs kept sorted newest first (by creation order), so a page is a slice, not a sort.
// Insert and remove find their place by binary search; new runs land at the front.
import type { RunRecord } from './types';

export class RunIndex {
  private readonly items: RunRecord[] = [];

  get size(): number {
    return this.items.length;
  }

  insert(run: RunRecord): void {
    this.items.splice(this.positionOf(run.order), 0, run);
  }

  remove(run: RunRecord): void {
    const at = this.positionOf(run.order);
    if (this.items[at] === run) this.items.splice(at, 1);
  }

  page(offset: number, limit: number): RunRecord[] {
    return this.items.slice(offset, offset + limit);
  }

  /** Runs passing `keep`, paged. Walks this index only, so callers pass the smaller of two candidate indexes. */
  filteredPage(
    keep: (run: RunRecord) => boolean,
    offset: number,
    limit: number,
  ): { items: RunRecord[]; total: number } {
    const items: RunRecord[] = [];
    let total = 0;
    for (const run of this.items) {
      if (!keep(run)) continue;
      if (total >= offset && items.length < limit) items.push(run);
      total++;
    }
    return { items, total };
  }

  /** First index whose order is <= the given one (items are in descending order). */
  private positionOf(order: number): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.items[mid] as RunRecord).order > order) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
