// Pretty JSON for an expanded row, as text nodes only. http(s) URLs inside become link-looking spans that ask the
// extension to open them (it checks the scheme again); nothing else is ever clickable, and no markup from the
// payload is ever parsed.
import { revealInvisible } from '../../src/panel/timeline';

const URL_PATTERN = /https?:\/\/[^\s"'<>\\`]+/g;
const MAX_RENDERED = 200_000;

/** Indented JSON; parsing turns `\u202e` escapes back into characters, so they are made visible again. */
export function prettyJson(json: string): string {
  try {
    return revealInvisible(JSON.stringify(JSON.parse(json), null, 2));
  } catch {
    return json;
  }
}

export function renderJson(pre: HTMLElement, json: string): void {
  let text = prettyJson(json);
  if (text.length > MAX_RENDERED) text = `${text.slice(0, MAX_RENDERED)}\n… (open in editor to see the rest)`;
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    if (start > at) pre.append(document.createTextNode(text.slice(at, start)));
    const url = match[0];
    const link = document.createElement('span');
    link.className = 'url';
    link.setAttribute('role', 'link');
    link.tabIndex = 0;
    link.dataset.url = url;
    link.title = `Open ${url}`;
    link.textContent = url;
    pre.append(link);
    at = start + url.length;
  }
  if (at < text.length) pre.append(document.createTextNode(text.slice(at)));
}
