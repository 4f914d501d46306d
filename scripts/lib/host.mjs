// Starts the real VS Code host (code-server) and Debian's Chromium, and builds workbench URLs that load this
// extension in development mode — optionally with a test suite, exactly as @vscode/test-electron would.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, codeServerEntry, repoRoot, scratchRoot } from './paths.mjs';
import { freePort } from './run.mjs';

/**
 * Starts code-server on a free loopback port with a fresh user-data dir.
 * `settings` go into the user settings.json before start; `env` reaches the extension host process.
 */
export async function startCodeServer({ settings = {}, env = {}, workspace, port } = {}) {
  mkdirSync(scratchRoot, { recursive: true });
  const scratch = mkdtempSync(join(scratchRoot, 'host-'));
  const userDataDir = join(scratch, 'user-data');
  const extensionsDir = join(scratch, 'extensions');
  const workspaceDir = workspace ?? join(scratch, 'workspace');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, workspaceDir])
    mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
        'chat.commandCenter.enabled': false,
        // The scratch workspace lives inside this repository; do not offer to open the parent repo.
        'git.openRepositoryInParentFolders': 'never',
        ...settings,
      },
      null,
      2,
    ),
  );
  const hostPort = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [
      codeServerEntry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${hostPort}`,
      '--config',
      join(scratch, 'config.yaml'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      workspaceDir,
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stop() ends the extension host it spawns too
    },
  );
  let log = '';
  const remember = (chunk) => {
    log += chunk;
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout.on('data', remember);
  child.stderr.on('data', remember);
  const url = `http://127.0.0.1:${hostPort}`;
  await waitForHttp(url, 30_000, () => child.exitCode !== null && `code-server exited early:\n${log}`);
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  return { url, port: hostPort, userDataDir, workspaceDir, scratch, stop, log: () => log };
}

async function waitForHttp(url, timeoutMs, earlyFailure) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failure = earlyFailure();
    if (failure) throw new Error(failure);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status > 0) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The workbench URL that opens `folder` with this extension in development mode (and a test suite if given). */
export function workbenchUrl(host, { folder, testsPath, extraPayload = [] } = {}) {
  const remote = (path) => `vscode-remote://127.0.0.1:${host.port}${path}`;
  const payload = [['extensionDevelopmentPath', remote(repoRoot)], ...extraPayload];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const query = new URLSearchParams({
    folder: folder ?? host.workspaceDir,
    payload: JSON.stringify(payload),
  });
  return `${host.url}/?${query}`;
}

/** Debian's Chromium through playwright-core; never a browser downloaded by a tool. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
