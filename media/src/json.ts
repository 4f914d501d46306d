// Pretty JSON for an expanded row, as text nodes only. http(s) URLs inside become link-looking spans that ask the
// extension to open them (it checks the scheme again); nothing else is ever clickable, and no markup from the
// payload is ever parsed.
import { revealInvisible } from '../../src/util/text';

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

/** Renders the payload; every case-insensitive occurrence of `needle` (lower case) is marked. */
export function renderJson(pre: HTMLElement, json: string, needle = ''): void {
  let text = prettyJson(json);
  if (text.length > MAX_RENDERED) text = `${text.slice(0, MAX_RENDERED)}\n… (open in editor to see the rest)`;
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    if (start > at) appendMarked(pre, text.slice(at, start), needle);
    const url = match[0];
    const link = document.createElement('span');
    link.className = 'url';
    link.setAttribute('role', 'link');
    link.tabIndex = 0;
    link.dataset.url = url;
    link.title = `Open ${url}`;
    appendMarked(link, url, needle);
    pre.append(link);
    at = start + url.length;
  }
  if (at < text.length) appendMarked(pre, text.slice(at), needle);
}

/** Appends `text` with every case-insensitive occurrence of `needle` in a <mark> (text nodes only). */
export function appendMarked(parent: HTMLElement, text: string, needle: string): void {
  if (!needle) {
    parent.append(document.createTextNode(text));
    return;
  }
  const lower = text.toLowerCase();
  let at = 0;
  for (let hit = lower.indexOf(needle); hit >= 0; hit = lower.indexOf(needle, at)) {
    if (hit > at) parent.append(document.createTextNode(text.slice(at, hit)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(hit, hit + needle.length);
    parent.append(mark);
    at = hit + needle.length;
  }
  if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
}
