// End-to-end UI tier: Playwright (playwright-core + Debian's Chromium) drives the real workbench.
// Installs the host and browser when missing, builds the extension, then runs the mocha e2e suite.
import { ensureEverything } from './install-host.mjs';
import { repoRoot } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

await ensureEverything();
await run(process.execPath, ['esbuild.mjs'], { cwd: repoRoot });
await run('npx', ['mocha', '--config', '.mocharc.e2e.json', ...process.argv.slice(2)], {
  cwd: repoRoot,
}).catch(() => process.exit(1));
