// The rows the webview holds and how they are shown: each arrives once and in order (a gap asks the host to send
// again), a long history may show its latest rows first (a preview) until it has arrived, and the search and the
// type chips filter what the list shows.
import type { RowDto } from '../../src/panel/protocol';
import type { Elements } from './dom';
import type { TimelineList } from './list';
import { mayKeepRows } from './saved-state';
import { rowMatches, searchPattern } from './search-pattern';
import { TypeFilter } from './type-filter';

export interface RowsViewHooks {
  /** A gap in what arrived: rows after `haveThrough` must come again. */
  resync(haveThrough: number, cursor: string | undefined): void;
  announce(text: string): void;
  /** Rows or filters changed: the saved state is due. */
  changed(): void;
  /** The first row arrived (the header's elapsed time starts with it). */
  firstRow(): void;
  /** Rows that now follow on from every row before them (1..n): each comes here once, in order (the trace folds them). */
  contiguous(rows: readonly RowDto[]): void;
  /** A long history's latest rows are shown ahead of it (`total`: its length then); the trace can fold them alone. */
  preview(rows: readonly RowDto[], total: number): void;
}

export class RowsView {
  /**
   * While a long history's latest rows (a preview) are what the list shows, ahead of it: the rows received so far,
   * in order from 1, not shown yet, and the history's length when the preview was taken.
   */
  earlier: { rows: RowDto[]; total: number } | undefined;
  /** Rows that arrived while the list was scrolled away from the bottom. */
  private unseen = 0;
  private searchText = '';
  /** A step's events only (the Trace view's "show these events"): which they are, and the step's name. */
  private step: { holds: (ord: number) => boolean; name: string } | undefined;
  /** The rows held have given their trace facts up (see shedFacts). */
  private factsShed = false;
  readonly types: TypeFilter;

  constructor(
    private readonly ui: Elements,
    readonly list: TimelineList,
    private readonly hooks: RowsViewHooks,
  ) {
    this.types = new TypeFilter(ui.types, () => this.applyFilters());
  }

  get search(): string {
    return this.searchText;
  }

  // ---------------------------------------------------------------- arrivals

  receive(rows: RowDto[]): void {
    if (rows.length === 0) return;
    const held = this.earlier ? this.earlier.rows : this.list.rows;
    const lastRow = held[held.length - 1];
    let last = lastRow ? lastRow.ord : 0;
    const accepted: RowDto[] = [];
    for (const row of rows) {
      if (!row || typeof row.ord !== 'number' || row.ord <= last) continue; // never twice
      if (row.ord !== last + 1) {
        // A gap: ask for a re-send after what we hold; drop the rest of this batch.
        const tail = accepted[accepted.length - 1] ?? lastRow;
        this.hooks.resync(last, tail?.cursor);
        break;
      }
      accepted.push(row);
      last = row.ord;
    }
    if (accepted.length === 0) return;
    this.hooks.contiguous(accepted);
    this.shedFacts(accepted, held.length + accepted.length);
    if (this.earlier) {
      for (const row of accepted) this.earlier.rows.push(row);
      // The list holds only the preview until then, so its last row is the preview's.
      if (last >= this.list.lastOrd) this.endPreview();
      else this.updateLoading();
      return;
    }
    if (!this.list.atBottom) this.unseen += accepted.length;
    this.types.note(accepted.map((row) => row.type));
    this.list.append(accepted);
    this.updateCounts();
    this.updateJump();
    if (accepted.some((r) => r.ord === 1)) this.hooks.firstRow();
    this.hooks.changed();
  }

  /**
   * Once folded, a row's trace fact is the trace's: the row keeps it only while the rows may be saved for a reload
   * (few of them), which folds them again. A long run's facts are about a tenth of what its rows hold.
   */
  private shedFacts(folded: readonly RowDto[], held: number): void {
    if (mayKeepRows(held)) return;
    if (!this.factsShed) {
      this.factsShed = true;
      for (const row of this.earlier ? this.earlier.rows : this.list.rows) row.trace = undefined;
    }
    for (const row of folded) row.trace = undefined;
  }

  /** Rows held from before a reload: a clean 1..n prefix of them. */
  restore(rows: unknown[]): void {
    const clean: RowDto[] = [];
    for (const r of rows) {
      const row = r as RowDto | null;
      if (!row || typeof row !== 'object' || row.ord !== clean.length + 1 || typeof row.cursor !== 'string')
        break;
      clean.push(row);
    }
    if (this.searchText || this.types.active) this.list.setFilter(this.currentFilter(), this.searchText);
    if (clean.length > 0) {
      this.hooks.contiguous(clean);
      this.types.note(clean.map((row) => row.type));
      this.list.restore(clean);
    }
    this.updateCounts();
  }

  /** Shows a long history's latest rows at once; the rows already held wait with the rest of it. */
  showPreview(rows: RowDto[], total: number): void {
    // Ignored when the history is (nearly) here already, or a preview is up.
    if (this.earlier || rows.length === 0 || this.list.lastOrd >= (rows[0] as RowDto).ord - 1) return;
    this.earlier = { rows: this.list.rows.slice(), total };
    this.resetRows(rows);
    this.hooks.preview(rows, total);
    this.ui.viewport.setAttribute('aria-busy', 'true');
    this.hooks.announce(`Showing the latest ${rows.length} events; loading the earlier ones.`);
  }

  /** The history has reached the preview: show all of it, instead of the preview. */
  private endPreview(): void {
    if (!this.earlier) return;
    const rows = this.earlier.rows;
    this.earlier = undefined;
    this.resetRows(rows);
    this.ui.viewport.removeAttribute('aria-busy');
    this.hooks.firstRow();
    this.hooks.changed();
  }

  private resetRows(rows: RowDto[]): void {
    this.types.resetCounts();
    this.list.replaceAll(rows);
    this.types.note(rows.map((row) => row.type));
    this.updateCounts();
    this.updateJump();
  }

  // ---------------------------------------------------------------- filters and search

  private currentFilter(): ((row: RowDto) => boolean) | undefined {
    const needle = this.searchText ? searchPattern(this.searchText) : undefined;
    const typeShown = this.types.predicate();
    const step = this.step?.holds;
    if (!needle && !typeShown && !step) return undefined;
    return (row) =>
      (!step || step(row.ord)) && (!typeShown || typeShown(row.type)) && (!needle || rowMatches(row, needle));
  }

  /** Shows only these events (a step's, from the Trace view), with a chip that says so; undefined clears it. */
  setStep(step: { holds: (ord: number) => boolean; name: string } | undefined): void {
    this.step = step;
    this.ui.stepChip.hidden = !step;
    this.ui.stepChipText.textContent = step ? `Step: ${step.name}` : '';
    this.applyFilters();
  }

  get stepName(): string | undefined {
    return this.step?.name;
  }

  applyFilters(): void {
    this.list.setFilter(this.currentFilter(), this.searchText);
    this.updateCounts();
    this.hooks.changed();
  }

  setSearch(text: string, apply = true): void {
    this.searchText = text.trim().toLowerCase();
    if (apply) this.applyFilters();
  }

  // ---------------------------------------------------------------- what the toolbar and counters say

  updateCounts(): void {
    const { ui, list, earlier } = this;
    const total = list.rows.length;
    ui.count.textContent = earlier
      ? `${Math.max(earlier.total, list.lastOrd).toLocaleString()} events`
      : `${total.toLocaleString()} event${total === 1 ? '' : 's'}`;
    this.updateLoading();
    const filtered = this.searchText !== '' || this.types.active || this.step !== undefined;
    ui.clearFilters.hidden = !filtered;
    ui.matchCount.textContent = filtered
      ? `${list.viewCount.toLocaleString()} of ${total.toLocaleString()} match`
      : '';
    ui.empty.hidden = list.viewCount > 0;
    ui.empty.textContent = total > 0 ? 'No events match the filters.' : 'Waiting for events…';
  }

  private updateLoading(): void {
    const { ui, earlier } = this;
    ui.loading.hidden = !earlier;
    if (!earlier) return;
    const have = earlier.rows.length;
    ui.loadingText.textContent = `Showing the latest ${this.list.rows.length.toLocaleString()} events; loading the earlier ones (${have.toLocaleString()} of ${earlier.total.toLocaleString()})…`;
  }

  /** The list's own stick-to-bottom changed. */
  stickChanged(stick: boolean): void {
    if (stick) this.unseen = 0;
    this.updateJump();
  }

  updateJump(): void {
    const show = !this.list.atBottom && this.list.viewCount > 0;
    this.ui.jump.hidden = !show;
    this.ui.jumpText.textContent =
      this.unseen > 0 ? `Jump to latest (${this.unseen.toLocaleString()} new)` : 'Jump to latest';
  }
}
