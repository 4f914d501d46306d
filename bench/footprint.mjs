// Footprint of the extension: production bundle and .vsix sizes, and activation time inside the real VS Code
// host (median over several fresh host launches; each launch runs only the activation test).
// Usage: node bench/footprint.mjs [--runs N]
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { run } from '../scripts/lib/run.mjs';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const kib = (path) => (statSync(join(repoRoot, path)).size / 1024).toFixed(1);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

await run('npm', ['run', '--silent', 'package'], { cwd: repoRoot, quiet: true });
console.log(`footprint.extension_js_kib: ${kib('dist/extension.js')}`);
console.log(`footprint.webview_js_kib: ${kib('dist/webview.js')}`);
// undici and the Anthropic SDK, each loaded only when first used (not part of activation).
console.log(`footprint.undici_js_kib: ${kib('dist/undici.js')}`);
console.log(`footprint.claude_sdk_js_kib: ${kib('dist/claude-sdk.js')}`);
console.log(`footprint.vsix_kib: ${kib('dist/agentos-vscode.vsix')}`);

const loadAndActivate = [];
const insideActivate = [];
const codeLoad = [];
const hostWait = [];
for (let i = 0; i < runs; i++) {
  const output = await run(process.execPath, ['scripts/test-integration.mjs'], {
    cwd: repoRoot,
    quiet: true,
    env: { AGENTOS_TEST_GREP: 'activates and reports its activation time' },
  });
  const figure = (name) => Number(new RegExp(`metric ${name}: ([\\d.]+)`).exec(output)?.[1]);
  loadAndActivate.push(figure('activation.load_and_activate_ms'));
  insideActivate.push(figure('activation.inside_activate_ms'));
  codeLoad.push(figure('activation.code_load_ms'));
  hostWait.push(figure('activation.host_wait_ms'));
}
console.log(
  `footprint.activation_load_and_activate_ms_p50: ${median(loadAndActivate).toFixed(1)} (n=${runs})`,
);
console.log(`footprint.activation_inside_activate_ms_p50: ${median(insideActivate).toFixed(1)} (n=${runs})`);
// By VS Code's own marks: the require() of dist/extension.js, the extension's own cost (that + activate()), and
// VS Code's wait for the ExtensionContext, which runs alongside the require and bounds load + activate from below.
console.log(`footprint.activation_code_load_ms_p50: ${median(codeLoad).toFixed(1)} (n=${runs})`);
console.log(
  `footprint.activation_code_load_plus_activate_ms_p50: ${median(codeLoad.map((ms, i) => ms + insideActivate[i])).toFixed(1)} (n=${runs})`,
);
console.log(`footprint.activation_host_wait_ms_p50: ${median(hostWait).toFixed(1)} (n=${runs})`);
