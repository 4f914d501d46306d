// Installs the real VS Code test host (code-server, VS Code 1.100.3) and Debian's Chromium when missing.
// Idempotent and offline apart from the npm registry and Debian's packages: nothing downloads a browser or
// a binary of its own (see ../shared/docs/vscode-host.md for the checked recipe this follows).
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_SERVER_VERSION, chromiumPath, codeServerDir, hostDir, installedMarker } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];

async function aptInstall(packages) {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing ${packages.join(', ')}: install them with: sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  console.log(`[host] apt-get install ${packages.join(' ')}`);
  await run('apt-get', ['update', '-qq'], { quiet: true });
  await run('apt-get', ['install', '-y', '-qq', ...packages], {
    quiet: true,
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export async function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (!existsSync('/usr/bin/rg')) missing.push('ripgrep');
  // Fonts with CJK, Devanagari and emoji glyphs, so screenshots show run data (漢字, परीक्षण, 🚀) instead of empty
  // boxes (Latin, Greek, Cyrillic and Arabic come with DejaVu).
  if (!existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')) missing.push('fonts-wqy-microhei');
  if (!existsSync('/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf'))
    missing.push('fonts-lohit-deva');
  if (!existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'))
    missing.push('fonts-noto-color-emoji');
  if (missing.length > 0) await aptInstall(missing);
}

/** npm 11 runs a dependency's build script only when the project's allowScripts names it (npm 10 ignores it). */
async function allowInstallScripts(packageJsonPath, packages) {
  const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const allowScripts = {
    ...manifest.allowScripts,
    ...Object.fromEntries(packages.map((name) => [name, true])),
  };
  writeFileSync(packageJsonPath, JSON.stringify({ ...manifest, allowScripts }, null, 2));
}

export async function ensureHost() {
  if (existsSync(installedMarker)) return;
  console.log(`[host] installing code-server ${CODE_SERVER_VERSION} into ${hostDir}`);
  rmSync(hostDir, { recursive: true, force: true });
  mkdirSync(hostDir, { recursive: true });
  // --ignore-scripts: code-server's own postinstall wants --unsafe-perm as root and ripgrep's downloads a binary.
  await run(
    'npm',
    ['install', '--prefix', hostDir, '--ignore-scripts', ...npmQuiet, `code-server@${CODE_SERVER_VERSION}`],
    {
      quiet: true,
    },
  );
  // argon2 is needed by code-server at start, so it is built here.
  await allowInstallScripts(join(hostDir, 'package.json'), ['argon2']);
  await run('npm', ['rebuild', '--prefix', hostDir, 'argon2'], { quiet: true });
  await run(process.execPath, ['-e', "require('argon2')"], { cwd: hostDir, quiet: true }).catch((error) => {
    throw new Error(`code-server's argon2 module did not build: ${error.message}`);
  });
  const vscodeDir = join(codeServerDir, 'lib', 'vscode');
  await run('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], {
    cwd: vscodeDir,
    quiet: true,
  });
  await run('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], {
    cwd: join(vscodeDir, 'extensions'),
    quiet: true,
  });
  // The extension host's log files (LogOutputChannel, the Output view) are written by the native spdlog
  // module; without it every log channel stays empty. About 25 s with node-gyp.
  await allowInstallScripts(join(vscodeDir, 'package.json'), ['@vscode/spdlog']);
  await run('npm', ['rebuild', '@vscode/spdlog'], { cwd: vscodeDir, quiet: true });
  // The search service needs ripgrep; use Debian's instead of the package's downloaded binary.
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  rmSync(join(rgBin, 'rg'), { force: true });
  symlinkSync('/usr/bin/rg', join(rgBin, 'rg'));
  writeFileSync(installedMarker, new Date().toISOString());
  console.log('[host] installed');
}

export async function ensureEverything() {
  await ensureSystemPackages();
  await ensureHost();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureEverything().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
