// A sandbox in a child process, for the benchmarks: the in-process one shares the extension host's only thread
// with the code being measured (serialising 100,000 events there costs the extension time a real server would not).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Sandbox } from '../../../sandbox/server';

export type SandboxProcess = Pick<Sandbox, 'url' | 'key' | 'close'>;

export async function startSandboxProcess(): Promise<SandboxProcess> {
  const key = 'bench-sandbox-key-0123456789';
  // out/sandbox/cli.js is the transpiled sandbox (esbuild --tests); this file runs from out/test/integration/support.
  const cli = join(__dirname, '..', '..', '..', 'sandbox', 'cli.js');
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--quiet', '--key', key, '--speed', '20', '--heartbeat-ms', '1000'],
    // Under Electron (test-electron) the host's binary runs scripts as Node only with this variable.
    { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the sandbox process did not start within 30 s')),
      30_000,
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the sandbox process exited early (code ${code})`)));
  });
  return {
    url,
    key,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
