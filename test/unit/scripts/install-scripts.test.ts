// `npm install` (npm 11) warns about every dependency whose install script the project has not reviewed. The
// project's policy is in package.json's `allowScripts`: esbuild's script runs (it checks and installs the binary the
// build uses); @vscode/vsce-sign's is denied (it copies a signing binary; `vsce package` does not sign).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('npm install: every install script is reviewed', () => {
  it('npm lists no dependency with an unreviewed install script', async function () {
    this.timeout(20_000);
    let stdout: string;
    try {
      ({ stdout } = await run('npm', ['install-scripts', 'ls', '--json']));
    } catch (error) {
      // npm before 11 has no install-script policy (and prints no warning): nothing to check there.
      if (/Unknown command|not a valid command/i.test(String((error as { stderr?: string }).stderr)))
        this.skip();
      throw error;
    }
    assert.deepEqual(JSON.parse(stdout), { allowScripts: [] });
  });

  it('allows only the scripts the project needs', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts?: unknown };
    assert.deepEqual(manifest.allowScripts, { esbuild: true, '@vscode/vsce-sign': false });
  });
});
