// `npm run sandbox -- --port 4010 --key sandbox-key --seed 1 --speed 1 --heartbeat-ms 15000 --runs 0`
//   `--claude-key sandbox-claude-key --claude-sessions 0` (the Managed Agents API on the same port)
// The first line printed is exactly `AgentOS sandbox listening on http://127.0.0.1:<port>` (scripts wait for it);
// the second names the Managed Agents base URL and key. Then one line per run state change; `--verbose` adds one
// per request, `--quiet` prints nothing more.
import { parseArgs } from 'node:util';
import { startSandbox } from './server';

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    console.error(`--${name} must be a non-negative number, got "${value}"`);
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      key: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      'heartbeat-ms': { type: 'string' },
      runs: { type: 'string' },
      'claude-key': { type: 'string' },
      'claude-sessions': { type: 'string' },
      'no-demo': { type: 'boolean' },
      quiet: { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
  });
  const sandbox = await startSandbox({
    port: numberOption(values.port, 'port', 4010),
    key: values.key ?? 'sandbox-key',
    seed: numberOption(values.seed, 'seed', 1),
    speed: numberOption(values.speed, 'speed', 1),
    heartbeatMs: numberOption(values['heartbeat-ms'], 'heartbeat-ms', 15_000),
    runs: numberOption(values.runs, 'runs', 0),
    claudeKey: values['claude-key'] ?? 'sandbox-claude-key',
    claudeSessions: numberOption(values['claude-sessions'], 'claude-sessions', 0),
    demo: !values['no-demo'],
    log: values.quiet ? undefined : (line) => console.log(line),
    logRequests: values.verbose === true,
  });
  console.log(`AgentOS sandbox listening on ${sandbox.url}`);
  console.log(`Managed Agents sandbox at ${sandbox.claude.baseUrl} (key ${sandbox.claude.key})`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`AgentOS sandbox failed to start: ${(error as Error).message}`);
  process.exit(1);
});
