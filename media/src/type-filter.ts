// The event-type chips above the timeline: show only some types (several at once), hide others (a run's single LLM
// tokens are most of its rows), or both. Each chip counts its events. The webview saves and restores the choice.

/** Above this many distinct types, new types get no chip (the search still finds them). */
const MAX_TYPE_CHIPS = 40;

interface Chip {
  item: HTMLElement;
  show: HTMLButtonElement;
  count: HTMLSpanElement;
  hide: HTMLButtonElement;
}

export interface TypeChoice {
  /** Only these types are shown (empty: every type). */
  only: string[];
  /** These types are never shown. */
  hidden: string[];
}

export class TypeFilter {
  private readonly counts = new Map<string, number>();
  private readonly chips = new Map<string, Chip>();
  private readonly only = new Set<string>();
  private readonly hidden = new Set<string>();

  constructor(
    private readonly container: HTMLElement,
    /** The choice changed (by a click): the list filters again. */
    private readonly changed: () => void,
  ) {}

  get active(): boolean {
    return this.only.size > 0 || this.hidden.size > 0;
  }

  choice(): TypeChoice {
    return { only: [...this.only], hidden: [...this.hidden] };
  }

  /** A predicate on a row's type, or undefined when every type is shown. */
  predicate(): ((type: string) => boolean) | undefined {
    if (!this.active) return undefined;
    const only = this.only.size > 0 ? new Set(this.only) : undefined;
    const hidden = new Set(this.hidden);
    return (type) => (!only || only.has(type)) && !hidden.has(type);
  }

  set(choice: Partial<TypeChoice>): void {
    if (choice.only) {
      this.only.clear();
      for (const t of choice.only) if (typeof t === 'string') this.only.add(t);
    }
    if (choice.hidden) {
      this.hidden.clear();
      for (const t of choice.hidden) if (typeof t === 'string') this.hidden.add(t);
    }
    for (const type of this.chips.keys()) this.paint(type);
  }

  /** Counts the types of rows that arrived; new types get a chip. */
  note(types: Iterable<string>): void {
    const touched = new Set<string>();
    for (const type of types) {
      this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
      touched.add(type);
    }
    for (const type of touched) {
      const chip = this.chips.get(type) ?? this.create(type);
      if (chip) chip.count.textContent = (this.counts.get(type) ?? 0).toLocaleString();
    }
  }

  /** Forgets the counts (the rows were replaced); chips and the choice stay. */
  resetCounts(): void {
    this.counts.clear();
    for (const chip of this.chips.values()) chip.count.textContent = '0';
  }

  private create(type: string): Chip | undefined {
    if (this.chips.size >= MAX_TYPE_CHIPS) return undefined;
    const item = document.createElement('span');
    item.className = 'chip';
    const show = document.createElement('button');
    show.type = 'button';
    show.className = 'chip-show';
    const name = document.createElement('span');
    name.textContent = type;
    const count = document.createElement('span');
    count.className = 'chip-count';
    show.append(name, count);
    show.addEventListener('click', () => {
      this.hidden.delete(type);
      if (this.only.has(type)) this.only.delete(type);
      else this.only.add(type);
      this.afterClick(type);
    });
    const hide = document.createElement('button');
    hide.type = 'button';
    hide.className = 'chip-hide icon-button';
    const eye = document.createElement('span');
    eye.setAttribute('aria-hidden', 'true');
    hide.append(eye);
    hide.addEventListener('click', () => {
      this.only.delete(type);
      if (this.hidden.has(type)) this.hidden.delete(type);
      else this.hidden.add(type);
      this.afterClick(type);
    });
    item.append(show, hide);
    this.container.append(item);
    const chip = { item, show, count, hide };
    this.chips.set(type, chip);
    this.paint(type);
    return chip;
  }

  private afterClick(type: string): void {
    this.paint(type);
    this.changed();
  }

  private paint(type: string): void {
    const chip = this.chips.get(type);
    if (!chip) return;
    const only = this.only.has(type);
    const hidden = this.hidden.has(type);
    chip.item.classList.toggle('chip-only', only);
    chip.item.classList.toggle('chip-hidden', hidden);
    chip.show.setAttribute('aria-pressed', String(only));
    chip.show.title = only
      ? `Showing ${type} events (with any other type picked); click to stop`
      : `Show ${type} events (pick several types to see them together)`;
    chip.hide.setAttribute('aria-pressed', String(hidden));
    chip.hide.title = hidden ? `Show ${type} events again` : `Hide ${type} events`;
    chip.hide.setAttribute('aria-label', chip.hide.title);
    (chip.hide.firstChild as HTMLElement).className = `codicon codicon-${hidden ? 'eye' : 'eye-closed'}`;
  }
}
