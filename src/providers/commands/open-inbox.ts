// Open Inbox: an agent's conversation inbox (Chatwoot) in the browser, at a URL the browser can reach; when the
// extension cannot be sure the browser showed it, the URL is offered to copy too.
import * as vscode from 'vscode';
import { StepError, isApiError } from '../../net/errors';
import { errorMessage } from '../../net/errors';
import { openInBrowser, type OfferPrompt } from '../open-in-browser';
import { agentLabel, pickAgent, sessionFor, type CommandContext, type Target } from './context';

export type InboxResult =
  | {
      ok: true;
      /** The inbox URL the server's credential gives. */
      url: string;
      /** The URL handed to the browser: `url` resolved to one the browser can reach, path kept. */
      openedUrl: string;
      /** Whether the URL was also offered to copy (the extension could not be sure the browser showed it). */
      copyOffered: boolean;
    }
  | { ok: false; kind: string; message: string };

export interface BrowserDeps {
  /** Opens an external URL; tests replace it to intercept the Open Inbox URL. */
  openExternal: (url: vscode.Uri) => Thenable<boolean>;
  /** Offers a URL to copy when the browser may not have shown it; tests answer it. */
  offerUrl: OfferPrompt;
}

export function registerOpenInbox(ctx: CommandContext, browser: BrowserDeps): void {
  const { store, connections, log } = ctx;

  ctx.register('agentos.openInbox', async (target?: Target): Promise<InboxResult | undefined> => {
    let t: Target | undefined = target?.agentId
      ? target
      : target?.trigger
        ? { ...target, agentId: target.trigger.agentId }
        : undefined;
    if (!t?.agentId) {
      t = await pickAgent(ctx, 'Open the inbox of…', (agent, id) => store.hasInbox(id, agent.id));
      if (!t) return undefined;
    }
    const s = sessionFor(ctx, t);
    if (!s) {
      const message = 'Not signed in. Run AgentOS: Sign In first.';
      void vscode.window.showErrorMessage(message);
      return { ok: false, kind: 'signedOut', message };
    }
    const agentId = t.agentId as string;
    const name = agentLabel(ctx, s.connection.id, agentId);
    const inboxUrl = s.backend.inboxUrl?.bind(s.backend);
    if (!inboxUrl) {
      const message = `${s.connection.name} has no conversation inbox.`;
      void vscode.window.showErrorMessage(message);
      return { ok: false, kind: 'unsupported', message };
    }
    try {
      const url = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Finding the inbox of ${name}` },
        () => inboxUrl(agentId),
      );
      const uri = vscode.Uri.parse(url, true);
      if (uri.scheme !== 'http' && uri.scheme !== 'https')
        throw new StepError(
          'notHttp',
          `The inbox URL uses "${uri.scheme}:"; only http and https URLs are opened.`,
        );
      const outcome = await openInBrowser(url, `the inbox of "${name}"`, {
        openExternal: browser.openExternal,
        offer: browser.offerUrl,
      });
      if (outcome.url !== url) log.info(`Open Inbox: ${url} is ${outcome.url} for the browser.`);
      return { ok: true, url, openedUrl: outcome.url, copyOffered: outcome.offer !== undefined };
    } catch (error) {
      const kind = error instanceof StepError ? error.kind : isApiError(error) ? error.kind : 'unknown';
      const message = errorMessage(error);
      // Never log the message of a credential failure in full detail beyond its kind and the agent: no values.
      log.warn(`Open Inbox for agent ${agentId} failed (${kind}).`);
      if (isApiError(error)) connections.reportError(s.connection.id, error);
      void vscode.window.showErrorMessage(`Cannot open the inbox of "${name}". ${message}`);
      return { ok: false, kind, message };
    }
  });
}
