// Runs the integration suite inside a real VS Code extension host (code-server 4.100.3 = VS Code 1.100.3)
// driven by Debian's headless Chromium. Installs the host when missing, builds, starts everything on free
// loopback ports, waits for the suite's results file, prints it, and always stops what it started.
// Exit code: 0 when every test passed, 1 on a failure or a time-out.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureEverything } from './install-host.mjs';
import { launchChromium, startCodeServer, workbenchUrl } from './lib/host.mjs';
import { repoRoot, resultsDir } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

const timeoutMs = Number(process.env.AGENTOS_TEST_TIMEOUT_MS ?? 15 * 60_000);

async function main() {
  await ensureEverything();
  await run(process.execPath, ['esbuild.mjs', '--tests'], { cwd: repoRoot });
  mkdirSync(resultsDir, { recursive: true });
  // A file per run, so two runs at once (two terminals, two agents) cannot read each other's results.
  const resultsFile = join(resultsDir, `integration-results-${process.pid}.json`);
  rmSync(resultsFile, { force: true });

  const host = await startCodeServer({
    env: { AGENTOS_TEST_RESULTS: resultsFile, AGENTOS_TEST_GREP: process.env.AGENTOS_TEST_GREP ?? '' },
  });
  const browser = await launchChromium();
  const cleanUp = async () => {
    await browser.close().catch(() => {});
    host.stop();
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const testsPath = join(repoRoot, 'out', 'test', 'integration', 'index');
    await page.goto(workbenchUrl(host, { testsPath }));
    const started = Date.now();
    while (!existsSync(resultsFile)) {
      if (Date.now() - started > timeoutMs) {
        await page
          .screenshot({ path: join(resultsDir, `integration-timeout-${process.pid}.png`) })
          .catch(() => {});
        console.error(host.log().slice(-6000));
        throw new Error(`integration suite gave no results within ${timeoutMs / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 100)); // let the writer finish the file
    return report(JSON.parse(readFileSync(resultsFile, 'utf8')));
  } finally {
    await cleanUp();
  }
}

function report({ results, metrics = {}, vscodeVersion }) {
  console.log(`\n  integration (inside the real VS Code ${vscodeVersion} extension host)`);
  for (const result of results) {
    const mark = { passed: '✔', failed: '✘', pending: '-' }[result.state];
    const time = result.durationMs > 100 ? ` (${result.durationMs} ms)` : '';
    console.log(`    ${mark} ${result.title}${time}`);
  }
  const failed = results.filter((r) => r.state === 'failed');
  for (const [index, failure] of failed.entries()) {
    console.log(`\n  ${index + 1}) ${failure.title}\n${failure.error.replace(/^/gm, '     ')}`);
  }
  for (const [name, value] of Object.entries(metrics)) console.log(`  metric ${name}: ${value.toFixed(2)}`);
  const passed = results.filter((r) => r.state === 'passed').length;
  console.log(`\n  ${passed} passing`);
  if (failed.length > 0) console.log(`  ${failed.length} failing`);
  return failed.length === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`\n✘ integration tier could not run: ${error.message}`);
    console.log('\n  0 passing\n  1 failing');
    process.exit(1);
  },
);
