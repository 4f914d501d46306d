// Pure rules for handing a URL to the user's browser from a VS Code that may run in a browser or on another
// machine (no `vscode` import, unit-tested). VS Code resolves a loopback URL (http://127.0.0.1:4010/…) to one the
// browser can reach: a forwarded port on desktop remotes, and under code-server its port proxy
// (`/proxy/{{port}}/`). code-server 4.100's resolver replaces the whole URL with the proxy's root and so drops
// the path, query and fragment; the URL handed over must keep them or the browser lands on the wrong page.

/**
 * The URL to open: `resolved` (what VS Code made of `original` for the browser) with the original's path, query
 * and fragment put back when the resolver dropped them. A resolver that kept them, or did not change the URL,
 * is left alone.
 */
export function keepOriginalPath(original: string, resolved: string): string {
  if (original === resolved) return original;
  let from: URL;
  let to: URL;
  try {
    from = new URL(original);
    to = new URL(resolved);
  } catch {
    return resolved;
  }
  const hasPath = from.pathname !== '/' && from.pathname !== '';
  if (!hasPath && !from.search && !from.hash) return resolved;
  if (hasPath && to.pathname.endsWith(from.pathname)) return resolved;
  if (!hasPath && (to.search || to.hash)) return resolved;
  // The proxy root (`/proxy/4010/`) is the original server's root: the original path goes below it.
  to.pathname = `${to.pathname.replace(/\/+$/, '')}${hasPath ? from.pathname : '/'}`;
  if (!to.search) to.search = from.search;
  if (!to.hash) to.hash = from.hash;
  return to.toString();
}

export type UiKind = 'desktop' | 'web';

/**
 * Whether the extension can take "the browser opened it" for granted. A desktop VS Code tells when the system
 * browser could not be started; a workbench running in a browser opens a new tab with `window.open(…, 'noopener')`,
 * which a pop-up blocker may swallow without anyone being told, so there the answer is always no.
 */
export function browserSurelyOpened(uiKind: UiKind, opened: boolean): boolean {
  return uiKind === 'desktop' && opened;
}

/** What the notification says, so the person can copy the URL when the browser did not show the page. */
export function copyOfferMessage(what: string, url: string, opened: boolean): string {
  return opened
    ? `Opened ${what} in a new browser tab. If no tab appeared (a pop-up blocker can stop it), copy the URL: ${url}`
    : `The browser did not open ${what}. Copy the URL and open it yourself: ${url}`;
}
