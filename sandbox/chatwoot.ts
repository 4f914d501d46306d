// A Chatwoot look-alike on the same server, so "open the inbox" works end to end: credentials' `url` points
// here, GET /api/v1/profile (header api_access_token) answers the accounts for account-id discovery, and the
// inbox page itself is a small HTML page for the browser.
import type { SandboxContext } from './context';
import { HttpError } from './http';
import { ok, type Reply, type RequestInfo } from './router';
import type { CredentialRecord } from './types';

const TOKEN_FIELDS = ['api_access_token', 'api_key', 'apiKey', 'api_token'] as const;

function credentialForToken(ctx: SandboxContext, token: string | string[] | undefined): CredentialRecord {
  const value = Array.isArray(token) ? token[0] : token;
  const credential = value
    ? [...ctx.store.credentials.values()].find((candidate) =>
        TOKEN_FIELDS.some((field) => candidate.values[field] === value),
      )
    : undefined;
  if (!credential) {
    throw new HttpError(401, 'UNAUTHORIZED', 'Invalid api_access_token', {
      error: 'You need to sign in or sign up before continuing.',
    });
  }
  return credential;
}

export function getProfile({ ctx, req }: RequestInfo): Reply {
  const credential = credentialForToken(ctx, req.headers['api_access_token']);
  return ok({
    id: 1,
    name: 'Sandbox Agent',
    email: 'agent@chatwoot.sandbox.local',
    role: 'administrator',
    accounts: credential.chatwootAccounts.map((account) => ({ ...account, role: 'administrator' })),
  });
}

export function listInboxes({ ctx, req, params }: RequestInfo): Reply {
  const credential = credentialForToken(ctx, req.headers['api_access_token']);
  const accountId = Number(params[0]);
  if (!credential.chatwootAccounts.some((account) => account.id === accountId)) {
    throw new HttpError(404, 'NOT_FOUND', `account ${params[0]} not found for this token`);
  }
  return ok({
    payload: [
      { id: accountId * 10 + 1, name: 'Website chat', channel_type: 'Channel::WebWidget' },
      { id: accountId * 10 + 2, name: 'WhatsApp (Evolution)', channel_type: 'Channel::Api' },
    ],
  });
}

/** The page a browser lands on from "Open Inbox". No API key: a browser tab has none. */
export function inboxPage({ res, params }: RequestInfo): void {
  const accountId = String(Number(params[0]));
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Chatwoot sandbox inbox</title></head>
<body><h1>Chatwoot sandbox</h1><p>Inbox of account ${accountId} (served by the AgentOS sandbox).</p></body></html>`;
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}
