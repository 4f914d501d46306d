// The Managed Agents side of the sandbox, straight over HTTP (not through the extension): its admin endpoints, and
// a session's processed events as the API lists them — what the tests compare the panel with.
import * as vscode from 'vscode';
import type { Sandbox } from '../../../sandbox/server';

type ClaudeSandbox = Pick<Sandbox, 'claude'>;

/** Signs the extension in to the sandbox's Managed Agents API as the connection `name`, with its own Sign In. */
export async function signInToClaude(sandbox: ClaudeSandbox, name: string): Promise<void> {
  await vscode.commands.executeCommand('agentos.signIn', {
    kind: 'claude',
    name,
    baseUrl: sandbox.claude.baseUrl,
    apiKey: sandbox.claude.key,
  });
}

export async function claudeAdmin<T = Record<string, unknown>>(
  sandbox: ClaudeSandbox,
  path: string,
  body?: unknown,
  method = 'POST',
): Promise<T> {
  const res = await fetch(`${sandbox.claude.baseUrl}/_sandbox/claude${path}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.claude.key}`, 'content-type': 'application/json' },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every processed event of a session, in the service's order (queued ones, not yet processed, left out). */
export async function listedEvents(
  sandbox: ClaudeSandbox,
  sessionId: string,
): Promise<{ id: string; type: string }[]> {
  const events: { id: string; type: string; processed_at: string | null }[] = [];
  let page: string | null = null;
  do {
    const url = new URL(`${sandbox.claude.baseUrl}/v1/sessions/${sessionId}/events`);
    url.searchParams.set('order', 'asc');
    url.searchParams.set('limit', '1000');
    if (page) url.searchParams.set('page', page);
    const res = await fetch(url, {
      headers: {
        authorization: `Bearer ${sandbox.claude.key}`,
        'anthropic-version': '2026-10-21',
        'anthropic-beta': 'managed-agents-2026-04-01',
      },
    });
    const body = (await res.json()) as { data: typeof events; next_page: string | null };
    events.push(...body.data);
    page = body.next_page;
  } while (page);
  return events.filter((event) => event.processed_at !== null);
}

export async function listedIds(sandbox: ClaudeSandbox, sessionId: string): Promise<string[]> {
  return (await listedEvents(sandbox, sessionId)).map((event) => event.id);
}
