// Opens a web page (the Chatwoot inbox) in the user's browser, wherever VS Code runs: the URL is first resolved
// to one the browser can reach (a loopback URL becomes a forwarded port or code-server's port proxy) with its path
// kept, and when the extension cannot be sure the browser showed it, the URL is offered to copy.
import * as vscode from 'vscode';
import { browserSurelyOpened, copyOfferMessage, keepOriginalPath } from './browser-url';

export const COPY_URL = 'Copy URL';

/** Shows the copy-the-URL offer and resolves with the action chosen (tests answer it instead of a person). */
export type OfferPrompt = (message: string, warning: boolean, action: string) => Thenable<string | undefined>;

export interface BrowserDeps {
  openExternal(uri: vscode.Uri): Thenable<boolean>;
  offer: OfferPrompt;
}

export interface BrowserOutcome {
  /** The URL handed to the browser (after resolution). */
  url: string;
  /** Whether VS Code said it opened it. */
  opened: boolean;
  /** Whether the URL was offered to copy; settles when the person answered (or dismissed) the offer. */
  offer?: Promise<'copied' | 'dismissed'>;
}

export const defaultOffer: OfferPrompt = (message, warning, action) =>
  warning
    ? vscode.window.showWarningMessage(message, action)
    : vscode.window.showInformationMessage(message, action);

/** Opens `url` (http or https) in the browser; `what` names the page in messages ("the inbox of …"). */
export async function openInBrowser(url: string, what: string, deps: BrowserDeps): Promise<BrowserOutcome> {
  const resolved = await vscode.env.asExternalUri(vscode.Uri.parse(url, true));
  const target = keepOriginalPath(url, resolved.toString(true));
  let opened: boolean;
  try {
    opened = await deps.openExternal(vscode.Uri.parse(target, true));
  } catch {
    opened = false;
  }
  const uiKind = vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop';
  if (browserSurelyOpened(uiKind, opened)) return { url: target, opened };
  const offer = Promise.resolve(deps.offer(copyOfferMessage(what, target, opened), !opened, COPY_URL)).then(
    async (choice): Promise<'copied' | 'dismissed'> => {
      if (choice !== COPY_URL) return 'dismissed';
      await vscode.env.clipboard.writeText(target);
      vscode.window.setStatusBarMessage('Copied the URL', 3000);
      return 'copied';
    },
  );
  return { url: target, opened, offer };
}
