// `npm test`: every tier, in the order a failure is cheapest to find — lint and types, unit (plain Node),
// the packaged .vsix, integration (real VS Code extension host), e2e UI (Chromium driving the workbench).
// Every tier runs even when an earlier one failed, so one run shows everything; the last line sums them all:
// `N passed, N failed`. Exit code 1 when anything failed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const node = process.execPath;

const tiers = [
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings=0'], counts: 'single' },
  { name: 'format', command: bin('prettier'), args: ['--check', '.'], counts: 'single' },
  { name: 'types', command: bin('tsc'), args: ['--noEmit', '-p', '.'], counts: 'single' },
  { name: 'unit', command: bin('mocha'), args: ['--config', '.mocharc.unit.json'], counts: 'mocha' },
  {
    name: 'package',
    command: 'bash',
    args: [
      '-c',
      `npm run --silent package >/dev/null && "${bin('mocha')}" --node-option import=tsx test/package/*.test.ts`,
    ],
    counts: 'mocha',
  },
  { name: 'integration', command: node, args: ['scripts/test-integration.mjs'], counts: 'mocha' },
  { name: 'e2e', command: node, args: ['scripts/test-e2e.mjs'], counts: 'mocha' },
  // Benchmarks are not timed tests: a short smoke run only proves they still run and print their figures.
  {
    name: 'bench',
    command: bin('tsx'),
    args: ['--expose-gc', 'bench/run.ts', '--smoke'],
    counts: 'single',
    when: 'bench/run.ts',
  },
];

const only = process.argv.slice(2);
const selected = (only.length > 0 ? tiers.filter((tier) => only.includes(tier.name)) : tiers).filter(
  (tier) => !tier.when || existsSync(join(repoRoot, tier.when)),
);

function runTier(tier) {
  return new Promise((resolve) => {
    console.log(`\n━━ ${tier.name} ━━`);
    const started = Date.now();
    const child = spawn(tier.command, tier.args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const forward = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('exit', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      let passed;
      let failed;
      if (tier.counts === 'single') {
        [passed, failed] = code === 0 ? [1, 0] : [0, 1];
      } else {
        passed = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
        failed = Number(/(\d+) failing/.exec(output)?.[1] ?? 0);
        // A runner that died before reporting, or reported nothing, is a failure, never a silent pass.
        if (code !== 0 && failed === 0) failed = 1;
        if (code === 0 && passed === 0) failed = 1;
      }
      console.log(`━━ ${tier.name}: ${passed} passed, ${failed} failed (${seconds} s)`);
      resolve({ name: tier.name, passed, failed });
    });
  });
}

const results = [];
for (const tier of selected) results.push(await runTier(tier));
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log('\nSummary by tier:');
for (const r of results) console.log(`  ${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
