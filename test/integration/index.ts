// Entry point that VS Code's extension host calls (`extensionTestsPath`), under code-server or under
// @vscode/test-electron alike. It runs every `*.test.js` below this folder with mocha. When the launcher
// set AGENTOS_TEST_RESULTS, the results also go to that file, because a browser-hosted workbench gives the
// launcher no other way to read them.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { recordedMetrics } from './support/metrics';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort()
    .sort((a, b) => Number(b.endsWith('foundation.test.js')) - Number(a.endsWith('foundation.test.js'))); // activation is timed first
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.AGENTOS_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  const results: TestResult[] = [];
  const resultsFile = process.env.AGENTOS_TEST_RESULTS;
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) =>
      results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }),
    );
    runner.on('fail', (test, error: Error) =>
      results.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? String(error) }),
    );
    runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'pending' }));
  }).catch((error: unknown) => {
    results.push({ title: 'suite set-up', state: 'failed', error: String((error as Error)?.stack ?? error) });
    return 1;
  });

  if (resultsFile) {
    const report = { vscodeVersion: vscode.version, results, failures, metrics: recordedMetrics() };
    writeFileSync(resultsFile, JSON.stringify(report, null, 2));
  }
  if (failures > 0 && !resultsFile) throw new Error(`${failures} integration test(s) failed`);
}
