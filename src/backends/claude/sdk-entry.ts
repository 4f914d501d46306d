/**
 * The only module that imports the Anthropic SDK's code, and only the parts Managed Agents needs: the client core
 * and the beta resources the extension calls (about 144 KB minified, against 454 KB for the package's root import).
 * The bundle builds it into a file of its own (dist/claude-sdk.js) that sdk.ts reads the first time a Claude
 * connection is used, so activation never parses it.
 */
import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import { PageCursor } from '@anthropic-ai/sdk/core/pagination';
import { Agents } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import { DeploymentRuns } from '@anthropic-ai/sdk/resources/beta/deployment-runs';
import { Deployments } from '@anthropic-ai/sdk/resources/beta/deployments';
import type { BetaEnvironment } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import { Sessions } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';

export interface SdkClientOptions {
  apiKey: string;
  baseURL: string;
  timeoutMs: number;
  /** Sent as `anthropic-workspace-id` on every request, for keys that span several workspaces. */
  workspaceId?: string;
  userAgent: string;
  /** The fetch every request goes through (ours: undici with the proxy, and the stream's byte watch). */
  fetch: typeof globalThis.fetch;
}

export type ManagedAgentsSdk = ReturnType<typeof createSdk>;

export function createSdk(options: SdkClientOptions) {
  const client = new BaseAnthropic({
    // Both explicit: without them the SDK reads ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN and profiles on disk.
    apiKey: options.apiKey,
    authToken: null,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    // Retries are the extension's: the follow has its own budget, and a view's error shows at once.
    maxRetries: 0,
    fetch: options.fetch,
    defaultHeaders: {
      'user-agent': options.userAgent,
      ...(options.workspaceId ? { 'anthropic-workspace-id': options.workspaceId } : {}),
    },
    logLevel: 'off',
  });
  return {
    sessions: new Sessions(client),
    agents: new Agents(client),
    deployments: new Deployments(client),
    deploymentRuns: new DeploymentRuns(client),
    /** Environments through the client core: the SDK's Environments resource brings 50 KB of worker code along. */
    listEnvironments: (signal?: AbortSignal) =>
      client.getAPIList<BetaEnvironment, PageCursor<BetaEnvironment>>('/v1/environments', PageCursor, {
        query: { limit: 100 },
        headers: { 'anthropic-beta': 'managed-agents-2026-04-01' },
        signal,
      }),
  };
}
