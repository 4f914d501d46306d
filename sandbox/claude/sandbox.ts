// The Managed Agents sandbox, served by the same HTTP server as the AgentOS sandbox (server.ts routes each
// request by path). Everything it invents comes from its own seeded Randoms, so adding it changed no AgentOS id.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue } from '../faults';
import { createRandom, hashSeed } from '../random';
import { Stats } from '../stats';
import { SandboxClock } from './clock';
import type { ClaudeContext, ClaudeOptions } from './context';
import { loadClaudeDemo } from './demo';
import { handleClaudeRequest } from './handle-request';
import { CLAUDE_ROUTES } from './routes';
import { ClaudeStore } from './store';

export interface ClaudeSandbox {
  ctx: ClaudeContext;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Loads the catalog and the demo once the server's URL is known. */
  start(baseUrl: string): void;
  /** Stops every runner, feed and timer and ends every open stream. */
  close(): void;
}

/**
 * Managed Agents paths: every `/v1/…` except AgentOS's `/v1/api/…`, and the admin under `/_sandbox/claude/`.
 * So an unknown `/v1/foo` gets the service's 404, while `/v1/api/…`, `/_sandbox/…` and the Chatwoot look-alike
 * stay exactly as they were.
 */
export function isClaudePath(pathname: string): boolean {
  if (pathname.startsWith('/_sandbox/claude/')) return true;
  return pathname.startsWith('/v1/') && !pathname.startsWith('/v1/api/');
}

export function createClaudeSandbox(options: ClaudeOptions): ClaudeSandbox {
  const ctx: ClaudeContext = {
    options,
    store: new ClaudeStore(),
    random: createRandom(hashSeed(options.seed, 'claude')),
    requestIds: createRandom(hashSeed(options.seed, 'claude', 'requests')),
    clock: new SandboxClock(options.speed),
    faults: new FaultQueue(),
    stats: new Stats(),
    streams: new Set(),
    baseUrl: '',
  };
  return {
    ctx,
    handle: (req, res) => handleClaudeRequest(ctx, CLAUDE_ROUTES, req, res),
    start(baseUrl) {
      ctx.baseUrl = baseUrl;
      loadClaudeDemo(ctx);
    },
    close() {
      for (const session of ctx.store.allSessions()) session.runner.halt();
      ctx.clock.close();
      for (const res of [...ctx.streams]) res.destroy();
      ctx.streams.clear();
    },
  };
}
