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

describe('sandbox: CLI output', () => {
  /** The AgentOS line and the Managed Agents line. */
  const BANNER_LINES = 2;

  /**
   * Starts the CLI with `args`, makes one request, and returns what it printed after the banner once it printed
   * `expected` lines (or after a second, for what must not be printed).
   */
  async function linesAfterRequest(args: string[], expected: number): Promise<string[]> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--key', 'cli-key', '--no-demo', ...args],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      // One listener from the start: the banner's two lines can arrive in one chunk, and a listener attached after the
      // first would miss the second.
      const lines = createInterface({ input: child.stdout });
      const printed: string[] = [];
      lines.on('line', (line) => printed.push(line));
      const exited = once(child, 'exit').then(([code]) => {
        throw new Error(`the CLI exited with code ${code} before printing its banner`);
      });
      exited.catch(() => undefined); // it exits later in every case; only the race below may report it
      const banner = (async () => {
        while (printed.length < BANNER_LINES) await new Promise((r) => setTimeout(r, 20));
      })();
      await Promise.race([banner, exited]);
      const [first, second] = printed.splice(0, BANNER_LINES);
      const url = /^AgentOS sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first ?? '')?.[1];
      assert.ok(url, `first line was: ${first}`);
      assert.match(
        second ?? '',
        /^Managed Agents sandbox at http:\/\/127\.0\.0\.1:\d+ \(key sandbox-claude-key\)$/,
      );
      const res = await fetch(`${url}/v1/api/me`, { headers: { authorization: 'Bearer cli-key' } });
      assert.equal(res.status, 200);
      const deadline = Date.now() + 1_000;
      while (printed.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (expected === 0) await new Promise((r) => setTimeout(r, 1_000));
      return printed;
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  }

  it('prints no line per request by default, and one with --verbose', async function () {
    this.timeout(20_000);
    assert.deepEqual(await linesAfterRequest([], 0), []);
    const verbose = await linesAfterRequest(['--verbose'], 1);
    assert.equal(verbose.length, 1, verbose.join('\n'));
    assert.match(verbose[0] ?? '', /^GET \/v1\/api\/me 200 \d+ms$/);
  });
});
