/**
 * The one place that knows every backend: makes the backend of a connection's kind. Nothing else imports from a
 * backend's own folder.
 */
import type { ProxySettings } from '../net/proxy';
import type { Logger } from '../util/logger';
import { AgentOsBackend } from './agentos/backend';
import { ClaudeBackend } from './claude/backend';
import type { Backend, BackendKind } from './types';

export interface BackendSettings {
  kind: BackendKind;
  baseUrl: string;
  /** Sent the way the backend sends keys; never logged. */
  apiKey: string;
  /** The extension's version, for the User-Agent. */
  version: string;
  /** An optional tenant header, `Header-Name: value` (AgentOS). */
  workspaceHeader?: string;
  /** An optional workspace, for keys that span several (Managed Agents). */
  workspaceId?: string;
  timeoutMs: number;
  proxy: ProxySettings;
  logger: Logger;
}

export const BACKEND_KINDS: readonly BackendKind[] = ['agentos', 'claude'];

/** Where Claude Managed Agents lives unless the person says otherwise (a gateway, the sandbox). */
export const DEFAULT_CLAUDE_URL = 'https://api.anthropic.com';

export function createBackend(settings: BackendSettings): Backend {
  switch (settings.kind) {
    case 'agentos':
      return new AgentOsBackend({
        baseUrl: settings.baseUrl,
        apiKey: settings.apiKey,
        version: settings.version,
        workspaceHeader: settings.workspaceHeader,
        timeoutMs: settings.timeoutMs,
        proxy: settings.proxy,
        logger: settings.logger,
      });
    case 'claude':
      return new ClaudeBackend({
        baseUrl: settings.baseUrl,
        apiKey: settings.apiKey,
        version: settings.version,
        workspaceId: settings.workspaceId,
        timeoutMs: settings.timeoutMs,
        proxy: settings.proxy,
        logger: settings.logger,
      });
  }
}
