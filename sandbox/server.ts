// startSandbox: the in-process entry point (tests) and what the CLI wraps. Binds 127.0.0.1 only. One server, one
// port, two APIs: AgentOS (/v1/api/…, /_sandbox/…, the Chatwoot look-alike) and Managed Agents (every other /v1/…
// and /_sandbox/claude/…, see claude/sandbox.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResolvedOptions, SandboxContext } from './context';
import { loadDemo, loadDemoRuns } from './demo';
import { FaultQueue } from './faults';
import { handleRequest } from './handle-request';
import { loadHistory } from './history';
import { createRandom } from './random';
import { ROUTES } from './routes';
import { logRunChanges } from './state-log';
import { Stats } from './stats';
import { Store } from './store';
import { createClaudeSandbox, isClaudePath, type ClaudeSandbox } from './claude/sandbox';

export interface SandboxOptions {
  port?: number;
  key?: string;
  seed?: number;
  speed?: number;
  heartbeatMs?: number;
  demo?: boolean;
  runs?: number;
  /** The Managed Agents key (default `sandbox-claude-key`), apart from the AgentOS key. */
  claudeKey?: string;
  /** Extra finished Managed Agents sessions, for scale testing. */
  claudeSessions?: number;
  /** Where the sandbox's lines go: one per run state change, and one per request with `logRequests`. */
  log?: (line: string) => void;
  /** Also log every request (`METHOD path status ms`); the CLI's `--verbose`. */
  logRequests?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  key: string;
  /** The Managed Agents API: `new Anthropic({ apiKey: claude.key, baseURL: claude.baseUrl })`. */
  claude: { baseUrl: string; key: string };
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved: ResolvedOptions = {
    key: options.key ?? 'sandbox-key',
    seed: options.seed ?? 1,
    speed: options.speed && options.speed > 0 ? options.speed : 1,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    demo: options.demo ?? true,
    runs: options.runs ?? 0,
    log: options.log ?? (() => undefined),
  };
  const ctx: SandboxContext = {
    options: resolved,
    keys: [resolved.key],
    store: new Store(),
    random: createRandom(resolved.seed),
    faults: new FaultQueue(),
    stats: new Stats(),
    drivers: new Set(),
    streams: new Set(),
    baseUrl: '',
  };
  const claude = createClaudeSandbox({
    key: options.claudeKey ?? 'sandbox-claude-key',
    seed: resolved.seed,
    speed: resolved.speed,
    heartbeatMs: resolved.heartbeatMs,
    demo: resolved.demo,
    sessions: options.claudeSessions ?? 0,
    log: resolved.log,
  });
  const server = createServer((req, res) => {
    if (options.logRequests) {
      const started = Date.now();
      res.once('close', () =>
        resolved.log(`${req.method} ${req.url?.split('?')[0]} ${res.statusCode} ${Date.now() - started}ms`),
      );
    }
    const pathname = (req.url ?? '/').split('?')[0] as string;
    if (isClaudePath(pathname)) void claude.handle(req, res);
    else void handleRequest(ctx, ROUTES, req, res);
  });
  const port = await listen(server, options.port ?? 4010);
  ctx.baseUrl = `http://127.0.0.1:${port}`;
  // Creation order is list order: history runs first (older), demo runs after, so the demo tops the list.
  const demoAgents = resolved.demo ? loadDemo(ctx) : undefined;
  if (resolved.runs > 0) loadHistory(ctx, resolved.runs);
  if (demoAgents) loadDemoRuns(ctx, demoAgents);
  claude.start(ctx.baseUrl);
  logRunChanges(ctx);

  return {
    url: ctx.baseUrl,
    port,
    key: resolved.key,
    claude: { baseUrl: ctx.baseUrl, key: claude.ctx.options.key },
    close: () => close(ctx, claude, server),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops every timer and ends every open response, so the process (or mocha) can exit. */
async function close(ctx: SandboxContext, claude: ClaudeSandbox, server: Server): Promise<void> {
  claude.close();
  for (const driver of [...ctx.drivers]) driver.stop();
  ctx.drivers.clear();
  for (const res of [...ctx.streams]) res.destroy();
  ctx.streams.clear();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
