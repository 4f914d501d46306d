// The AgentOS sandbox's API and admin endpoints, called straight (not through the extension), with its key.
import type { Sandbox } from '../../../sandbox/server';

export async function api<T>(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}
