import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

describe('sandbox: CLI', () => {
  it('prints the listening line first, answers, and exits cleanly on SIGTERM', async function () {
    this.timeout(20_000);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--key', 'cli-key', '--quiet'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      const match = /^AgentOS sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
      assert.ok(match, `first line was: ${first}`);
      const res = await fetch(`${match[1]}/v1/api/me`, { headers: { authorization: 'Bearer cli-key' } });
      assert.equal(res.status, 200);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
