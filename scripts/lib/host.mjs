// Starts the real VS Code host (code-server) and Debian's Chromium, and builds workbench URLs that load this
// extension in development mode — optionally with a test suite, exactly as @vscode/test-electron would.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, codeServerEntry, repoRoot, scratchRoot } from './paths.mjs';
import { freePort } from './run.mjs';

/** The user settings every host starts with (a person's own settings in a kept profile win over these). */
export const HOST_SETTINGS = {
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
  // code-server watches every loopback port on the machine (the sandbox, test servers, other people's) and pops up
  // "Your application running on port … is available" for each new one. Open Inbox resolves its URL itself.
  'remote.autoForwardPorts': false,
};

/**
 * The user settings to write: the host's defaults, then what is already in the file (a kept profile: the person's
 * own choices), then `given` (e.g. the sandbox URL of this start), which always wins (named connections merge by
 * name, so a person's own stay). `existing` is the file's
 * text or undefined; a file that is not plain JSON is returned as undefined (left alone, with a warning).
 */
export function mergeUserSettings(existing, given) {
  let current = {};
  if (existing !== undefined && existing.trim() !== '') {
    try {
      current = JSON.parse(existing);
    } catch {
      return undefined;
    }
  }
  const merged = { ...HOST_SETTINGS, ...current, ...given };
  // Named connections merge by name: this start's (the Managed Agents sandbox) replace their namesakes, and the
  // ones a person added stay.
  const key = 'agentos.connections';
  if (Array.isArray(given[key]) && Array.isArray(current[key])) {
    const names = new Set(given[key].map((c) => c?.name));
    merged[key] = [...current[key].filter((c) => !names.has(c?.name)), ...given[key]];
  }
  return merged;
}

/**
 * Starts code-server on a free loopback port. Without `profileDir` it gets a fresh user-data dir, extensions dir and
 * workspace (tests); with one it keeps them there between starts (`npm start`: sign-ins, whose keys code-server
 * encrypts with a key in the user-data dir, and the browser-side layout, which is keyed by the workspace folder).
 * `settings` go into the user settings.json before start; `env` reaches the extension host process.
 * @param {{ settings?: Record<string, unknown>, env?: Record<string, string>, workspace?: string,
 *   port?: number, profileDir?: string }} [options]
 */
export async function startCodeServer({ settings = {}, env = {}, workspace, port, profileDir } = {}) {
  mkdirSync(scratchRoot, { recursive: true });
  const scratch = profileDir ?? mkdtempSync(join(scratchRoot, 'host-'));
  const userDataDir = join(scratch, 'user-data');
  const extensionsDir = join(scratch, 'extensions');
  const workspaceDir = workspace ?? join(scratch, 'workspace');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, workspaceDir])
    mkdirSync(dir, { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const existing = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
  const merged = mergeUserSettings(existing, settings);
  if (merged) writeFileSync(settingsFile, JSON.stringify(merged, null, 2));
  else
    console.warn(
      `${settingsFile} is not plain JSON (comments?): left as it is, settings for this start not written.`,
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
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  /** Stops code-server and the extension host; resolves once code-server has exited. */
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    return exited;
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

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Benchmarks read the webview's heap: exact figures (not bucketed), and after a collection they can ask for.
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
];

/** Debian's Chromium through playwright-core; never a browser downloaded by a tool. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

/** The same Chromium with a browser profile kept in `userDataDir` (a person's browser, for restart tests). */
export async function launchChromiumWithProfile(userDataDir, viewport = { width: 1280, height: 800 }) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
}
