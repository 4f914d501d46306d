// The panel's elements, found once by id (the skeleton is src/panel/html.ts).

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
};

export function findElements() {
  return {
    agent: $('agent'),
    status: $('status'),
    connection: $('connection'),
    notice: $('notice'),
    noticeIcon: $('notice-icon'),
    noticeText: $('notice-text'),
    retry: $<HTMLButtonElement>('retry'),
    retryLabel: $('retry-label'),
    signIn: $<HTMLButtonElement>('sign-in'),
    stop: $<HTMLButtonElement>('stop'),
    resume: $<HTMLButtonElement>('resume'),
    cancel: $<HTMLButtonElement>('cancel'),
    inbox: $<HTMLButtonElement>('inbox'),
    runId: $('run-id'),
    copyRunId: $<HTMLButtonElement>('copy-run-id'),
    attempt: $('attempt'),
    elapsed: $('elapsed'),
    count: $('count'),
    connectionName: $('connection-name'),
    usage: $('usage'),
    usageSep: $('usage-sep'),
    endNote: $('end-note'),
    banner: $('banner'),
    bannerText: $('banner-text'),
    bannerFollow: $<HTMLButtonElement>('banner-follow'),
    bannerDismiss: $<HTMLButtonElement>('banner-dismiss'),
    search: $<HTMLInputElement>('search'),
    matchCount: $('match-count'),
    types: $('types'),
    clearFilters: $<HTMLButtonElement>('clear-filters'),
    viewEvents: $<HTMLButtonElement>('view-events'),
    viewTrace: $<HTMLButtonElement>('view-trace'),
    stepChip: $('step-chip'),
    stepChipText: $('step-chip-text'),
    stepChipClear: $<HTMLButtonElement>('step-chip-clear'),
    saveEvents: $<HTMLButtonElement>('save-events'),
    trace: {
      root: $('trace'),
      summary: $('trace-summary'),
      copy: $<HTMLButtonElement>('copy-trace'),
      viewport: $('trace-viewport'),
      spacer: $('trace-spacer'),
      empty: $('trace-empty'),
      typing: $('trace-typing'),
    },
    viewport: $('viewport'),
    spacer: $('spacer'),
    empty: $('empty'),
    jump: $<HTMLButtonElement>('jump'),
    jumpText: $('jump-text'),
    live: $('live'),
    loading: $('loading'),
    loadingText: $('loading-text'),
  };
}

export type Elements = ReturnType<typeof findElements>;

/** Puts a codicon (`name` or `name~spin`) and a text in `el`, as text nodes only. */
export function setIconText(el: HTMLElement, icon: string | undefined, text: string): void {
  el.textContent = '';
  if (icon) {
    const i = document.createElement('span');
    const [name, modifier] = icon.split('~');
    i.className = `codicon codicon-${name}${modifier ? ` codicon-modifier-${modifier}` : ''}`;
    i.setAttribute('aria-hidden', 'true');
    el.append(i);
  }
  el.append(document.createTextNode(text));
}
