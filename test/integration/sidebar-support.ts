// Helpers for the sidebar suites: the exported sidebar API, waiting for a condition, sandbox admin calls.
import * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox/server';
import type { NodeData } from '../../src/providers/nodes';
import type { SidebarApi } from '../../src/providers/register';
import { activatedExtension } from './support/extension';

export async function sidebar(): Promise<SidebarApi> {
  return (await activatedExtension()).exports.sidebar;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function admin<T = Record<string, unknown>>(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export interface Stats {
  requests: number;
  byPath: Record<string, number>;
  openStreams: number;
}

export const stats = (sandbox: Sandbox) => admin<Stats>(sandbox, 'GET', '/_sandbox/stats');

/** Requests to API paths (admin calls of the test itself left out). */
export function apiRequests(s: Stats, match: RegExp = /^\/v1\//): number {
  return Object.entries(s.byPath)
    .filter(([path]) => match.test(path))
    .reduce((sum, [, n]) => sum + n, 0);
}

export type Tree = (NodeData & { children?: NodeData[] })[];

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('agentos').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function showSidebar(): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.agentos');
  await vscode.commands.executeCommand('agentos.runs.focus');
}
