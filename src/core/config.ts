// One typed view of the `agentos.*` settings, read fresh on every access so a change applies at once, and the only
// place that writes them (user settings).
import * as vscode from 'vscode';

export type NotificationLevel = 'off' | 'failuresAndHumanInput' | 'all';

export interface NamedConnectionSetting {
  name: string;
  baseUrl: string;
  /** Which system it is; AgentOS when absent. */
  kind?: 'agentos' | 'claude';
  /** Managed Agents: the workspace to work in, for keys that span several (`anthropic-workspace-id`). */
  workspaceId?: string;
}

function section() {
  return vscode.workspace.getConfiguration('agentos');
}

export const config = {
  baseUrl: () => section().get<string>('baseUrl', '').trim(),
  connections: () => section().get<NamedConnectionSetting[]>('connections', []),
  workspaceHeader: () => section().get<string>('workspaceHeader', ''),
  runsPageSize: () => section().get<number>('runs.pageSize', 50),
  agentRecentRuns: () => section().get<number>('agents.recentRuns', 5),
  refreshIntervalMs: () => Math.max(1, section().get<number>('runs.refreshIntervalSeconds', 5)) * 1000,
  notifications: () => section().get<NotificationLevel>('notifications', 'failuresAndHumanInput'),
  stallTimeoutMs: () => Math.max(1, section().get<number>('stream.stallTimeoutSeconds', 45)) * 1000,
  maxReconnects: () => section().get<number>('stream.maxReconnects', 10),
  liveTyping: () => section().get<boolean>('stream.liveTyping', true),
  requestTimeoutMs: () => Math.max(1, section().get<number>('requestTimeoutSeconds', 30)) * 1000,
  proxy: () =>
    section().get<string>('http.proxy', '') ||
    vscode.workspace.getConfiguration('http').get<string>('proxy', ''),
  proxyStrictSSL: () => vscode.workspace.getConfiguration('http').get<boolean>('proxyStrictSSL', true),

  setBaseUrl: (url: string) => section().update('baseUrl', url, vscode.ConfigurationTarget.Global),
  setConnections: (connections: NamedConnectionSetting[]) =>
    section().update('connections', connections, vscode.ConfigurationTarget.Global),
  setNotifications: (level: NotificationLevel) =>
    section().update('notifications', level, vscode.ConfigurationTarget.Global),
};

/** Settings whose change means every connection must be rebuilt (new clients, fresh trees). */
export const RECONNECT_SETTINGS = [
  'agentos.baseUrl',
  'agentos.connections',
  'agentos.workspaceHeader',
  'agentos.requestTimeoutSeconds',
  'agentos.http.proxy',
  'http.proxy',
  'http.proxyStrictSSL',
] as const;

export function affectsConnections(event: vscode.ConfigurationChangeEvent): boolean {
  return RECONNECT_SETTINGS.some((key) => event.affectsConfiguration(key));
}
