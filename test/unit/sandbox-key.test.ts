import assert from 'node:assert/strict';
import { sandboxKeyToStore } from '../../src/core/sandbox-key';

describe('core/sandbox-key: the sandbox key is handed over once per start', () => {
  const env = { AGENTOS_SANDBOX_KEY: 'sandbox-key', AGENTOS_SANDBOX_START: 'start-1' };

  it('hands the key over on the first activation of a start', () => {
    assert.deepEqual(sandboxKeyToStore(true, env, undefined), { key: 'sandbox-key', start: 'start-1' });
    assert.deepEqual(sandboxKeyToStore(true, env, 'start-0'), { key: 'sandbox-key', start: 'start-1' });
  });

  it('not again in the same start (a window reload after Sign Out stays signed out)', () => {
    assert.equal(sandboxKeyToStore(true, env, 'start-1'), undefined);
  });

  it('only in development mode, and only when a start names itself', () => {
    assert.equal(sandboxKeyToStore(false, env, undefined), undefined);
    assert.equal(sandboxKeyToStore(true, { AGENTOS_SANDBOX_KEY: 'k' }, undefined), undefined);
    assert.equal(sandboxKeyToStore(true, { AGENTOS_SANDBOX_START: 's' }, undefined), undefined);
    assert.equal(
      sandboxKeyToStore(true, { AGENTOS_SANDBOX_KEY: ' ', AGENTOS_SANDBOX_START: 's' }, undefined),
      undefined,
    );
  });

  it('with the Managed Agents sandbox: its key and connection name come along', () => {
    const both = {
      ...env,
      AGENTOS_SANDBOX_CLAUDE_KEY: 'sandbox-claude-key',
      AGENTOS_SANDBOX_CLAUDE_NAME: 'Sandbox',
    };
    assert.deepEqual(sandboxKeyToStore(true, both, undefined), {
      key: 'sandbox-key',
      start: 'start-1',
      claude: { key: 'sandbox-claude-key', name: 'Sandbox' },
    });
    assert.equal(sandboxKeyToStore(true, both, 'start-1'), undefined, 'once per start, like the AgentOS key');
  });
});
