// `npm start`: the product on the embedded sandbox. Builds the extension, starts the sandbox (AgentOS and Claude
// Managed Agents on one port; two connections, side by side), starts the
// real VS Code host (code-server) with the extension in development mode already pointed at the sandbox, and
// prints the URL to open in a browser. The sandbox key reaches the extension through AGENTOS_SANDBOX_KEY, which
// the extension stores in SecretStorage on the first activation of this start (AGENTOS_SANDBOX_START) — honoured
// only in development mode.
// One Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureHost, ensureSystemPackages } from './install-host.mjs';
import { startCodeServer, workbenchUrl } from './lib/host.mjs';
import { repoRoot } from './lib/paths.mjs';
import { freePort, run } from './lib/run.mjs';
import { parseStartArgs, prepareProfile, startProfileDir } from './lib/start-options.mjs';

// `-- --fresh`: VS Code's profile, kept in .vscode-test/profile between starts, starts clean.
// `-- --verbose`: the sandbox prints every request, not only one line per run state change.
let options;
try {
  options = parseStartArgs(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const sandboxKey = process.env.AGENTOS_SANDBOX_KEY ?? 'sandbox-key';
const claudeKey = process.env.AGENTOS_SANDBOX_CLAUDE_KEY ?? 'sandbox-claude-key';
/** The named connection npm start sets up for the Managed Agents sandbox (same server, same port). */
const CLAUDE_CONNECTION = 'Managed Agents sandbox';
const stoppers = [];

function stopAll(code) {
  for (const stop of stoppers.reverse()) stop();
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function startSandbox() {
  const port = process.env.AGENTOS_SANDBOX_PORT ?? String(await freePortPreferring(4010));
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'tsx'),
    [
      'sandbox/cli.ts',
      '--port',
      port,
      '--key',
      sandboxKey,
      '--claude-key',
      claudeKey,
      ...(options.verbose ? ['--verbose'] : []),
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    },
  );
  stoppers.push(() => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the sandbox exited with code ${code}`)));
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]);
      else if (!/^Managed Agents sandbox at/.test(line)) console.log(`[sandbox] ${line}`);
    });
  });
}

async function freePortPreferring(preferred) {
  const { createServer } = await import('node:net');
  const available = await new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return available ? preferred : freePort();
}

async function main() {
  console.log('Building the extension…');
  await run(process.execPath, ['esbuild.mjs'], { cwd: repoRoot });
  if (!existsSync(join(repoRoot, 'sandbox', 'cli.ts'))) {
    console.log('The sandbox is not built yet: starting VS Code without it.');
  }
  const sandboxUrl = existsSync(join(repoRoot, 'sandbox', 'cli.ts')) ? await startSandbox() : undefined;
  if (sandboxUrl) {
    console.log(`AgentOS sandbox on ${sandboxUrl} (key: ${sandboxKey})`);
    console.log(`Managed Agents sandbox on ${sandboxUrl} (key: ${claudeKey})`);
  }

  await ensureSystemPackages().catch((error) => console.warn(error.message));
  await ensureHost();
  const profileDir = prepareProfile(startProfileDir, { fresh: options.fresh });
  console.log(
    options.fresh
      ? `VS Code starts from a clean profile in ${relative(repoRoot, profileDir)}.`
      : `VS Code keeps its profile in ${relative(repoRoot, profileDir)} (npm start -- --fresh starts clean).`,
  );
  const host = await startCodeServer({
    profileDir,
    port: process.env.AGENTOS_HOST_PORT
      ? Number(process.env.AGENTOS_HOST_PORT)
      : await freePortPreferring(8080),
    settings: sandboxUrl
      ? {
          'agentos.baseUrl': sandboxUrl,
          'agentos.connections': [{ name: CLAUDE_CONNECTION, kind: 'claude', baseUrl: sandboxUrl }],
        }
      : {},
    // The keys are handed over once per start (a reload after Sign Out stays signed out): each start names itself.
    env: sandboxUrl
      ? {
          AGENTOS_SANDBOX_KEY: sandboxKey,
          AGENTOS_SANDBOX_START: randomUUID(),
          AGENTOS_SANDBOX_CLAUDE_KEY: claudeKey,
          AGENTOS_SANDBOX_CLAUDE_NAME: CLAUDE_CONNECTION,
        }
      : {},
  });
  stoppers.push(host.stop);
  console.log('\nVS Code (Extension Development Host) with AgentOS is ready. Open this URL in a browser:\n');
  console.log(`  ${workbenchUrl(host)}\n`);
  console.log('Press Ctrl-C to stop the sandbox and VS Code.');
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  stopAll(1);
});
