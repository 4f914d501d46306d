import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import Anthropic from '@anthropic-ai/sdk';

describe('claude sandbox: CLI', () => {
  it('prints the AgentOS line first, then the Managed Agents base URL and key, and serves both', async function () {
    this.timeout(20_000);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'sandbox/cli.ts',
        '--port',
        '0',
        '--claude-key',
        'cli-claude-key',
        '--no-demo',
        '--quiet',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const iterator = lines[Symbol.asyncIterator]();
      const first = (await iterator.next()).value as string;
      const second = (await iterator.next()).value as string;
      const agentOs = /^AgentOS sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
      assert.ok(agentOs, `first line was: ${first}`);
      const claude = /^Managed Agents sandbox at (http:\/\/127\.0\.0\.1:\d+) \(key (\S+)\)$/.exec(second);
      assert.ok(claude, `second line was: ${second}`);
      assert.equal(claude[1], agentOs[1]);
      assert.equal(claude[2], 'cli-claude-key');
      const client = new Anthropic({ apiKey: claude[2], baseURL: claude[1], maxRetries: 0 });
      assert.equal((await client.beta.agents.list()).data.length, 6);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
