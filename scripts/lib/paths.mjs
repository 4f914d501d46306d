// Where the test host, its browser and their scratch folders live. All of it is git-ignored.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3, the last line that runs on Node 20
export const hostDir = join(repoRoot, '.vscode-test', 'host');
export const codeServerDir = join(hostDir, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
// Bump the recipe revision when the install steps change, so existing hosts are reinstalled.
const HOST_RECIPE_REVISION = 2;
export const installedMarker = join(hostDir, `.installed-${CODE_SERVER_VERSION}-r${HOST_RECIPE_REVISION}`);
export const scratchRoot = join(repoRoot, '.vscode-test', 'runs');
export const resultsDir = join(repoRoot, 'test-results');
export const chromiumPath = process.env.AGENTOS_CHROMIUM ?? '/usr/bin/chromium';
