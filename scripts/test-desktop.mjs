// Runs the same integration suite in a desktop VS Code through @vscode/test-electron, for people with a
// display and internet (it downloads VS Code on first use). CI uses the code-server launcher instead.
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

await run(process.execPath, ['esbuild.mjs', '--tests'], { cwd: repoRoot });
try {
  await runTests({
    version: process.env.AGENTOS_VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`Integration tests failed: ${error.message ?? error}`);
  process.exit(1);
}
