import assert from 'node:assert/strict';
import { runState } from '../../../src/backends/agentos/mapping';
import { Batcher } from '../../../src/panel/batcher';
import { isHttpUrl, parseWebviewMessage } from '../../../src/panel/protocol';
import {
  panelKey,
  parseFollowArgs,
  parseRunRef,
  statusRank,
  targetFromState,
} from '../../../src/panel/run-ref';

describe('panel/protocol: messages from the webview are validated', () => {
  it('accepts exactly the expected shapes', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', haveThrough: 0 }), {
      type: 'ready',
      haveThrough: 0,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'resync', haveThrough: 12 }), {
      type: 'resync',
      haveThrough: 12,
    });
    assert.deepEqual(
      parseWebviewMessage({ type: 'ready', haveThrough: 40, cursor: 'sevt_9|2026-11-21T10:00:00Z' }),
      {
        type: 'ready',
        haveThrough: 40,
        cursor: 'sevt_9|2026-11-21T10:00:00Z',
      },
    );
    assert.deepEqual(parseWebviewMessage({ type: 'stop', extra: 'ignored' }), { type: 'stop' });
    assert.deepEqual(parseWebviewMessage({ type: 'copyEvent', cursor: '3' }), {
      type: 'copyEvent',
      cursor: '3',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', url: 'https://example.com/x' }), {
      type: 'openLink',
      url: 'https://example.com/x',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'followSubRun', subRunId: 'att_2' }), {
      type: 'followSubRun',
      subRunId: 'att_2',
    });
  });

  it('rejects anything else', () => {
    for (const bad of [
      null,
      'stop',
      [],
      { type: 'nope' },
      { type: 'ready' },
      { type: 'ready', haveThrough: -1 },
      { type: 'ready', haveThrough: 1.5 },
      { type: 'ready', haveThrough: '3' },
      { type: 'copyEvent', cursor: 3 },
      { type: 'copyEvent', cursor: '' },
      { type: 'openPayload', cursor: 'a b' },
      { type: 'openPayload', cursor: 'x'.repeat(501) },
      { type: 'ready', haveThrough: 1, cursor: 7 },
      { type: 'openLink', url: 'javascript:alert(1)' },
      { type: 'openLink', url: 'file:///etc/passwd' },
      { type: 'openLink', url: 'command:workbench.action.reloadWindow' },
      { type: 'openLink', url: 'https://user:pw@example.com' },
      { type: 'openLink', url: `https://example.com/${'x'.repeat(3000)}` },
      { type: 'followSubRun', subRunId: '../../etc' },
      { type: 'followSubRun', subRunId: 'a b' },
      { type: 'probeResult', id: 'x' },
      { type: { toString: () => 'stop' } },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('opens only http(s) URLs', () => {
    assert.equal(isHttpUrl('http://localhost:3000/app'), true);
    assert.equal(isHttpUrl('HTTPS://EXAMPLE.COM'), true);
    assert.equal(isHttpUrl('javascript:alert(1)//https://x'), false);
    assert.equal(isHttpUrl('data:text/html,<script>'), false);
    assert.equal(isHttpUrl('vscode://agentos'), false);
    assert.equal(isHttpUrl('not a url'), false);
  });
});

describe('panel/run-ref: run ids and run URLs', () => {
  it('accepts a pasted run id', () => {
    assert.deepEqual(parseRunRef('  5f0c2d6e-1b2a-4c3d-9e8f-001122334455 '), {
      runId: '5f0c2d6e-1b2a-4c3d-9e8f-001122334455',
    });
    assert.deepEqual(parseRunRef('run_01HX'), { runId: 'run_01HX' });
    assert.equal(parseRunRef(''), undefined);
    assert.equal(parseRunRef('ab'), undefined);
    assert.equal(parseRunRef('two words'), undefined);
    assert.equal(parseRunRef('<script>'), undefined);
  });

  it('reads the web app and API URLs', () => {
    assert.deepEqual(parseRunRef('https://agentos.example.com/app/runs/run_42'), {
      runId: 'run_42',
      origin: 'https://agentos.example.com',
    });
    assert.deepEqual(parseRunRef('https://agentos.example.com/runs/run_42/attempts/att_2'), {
      runId: 'run_42',
      attemptId: 'att_2',
      origin: 'https://agentos.example.com',
    });
    assert.deepEqual(
      parseRunRef('http://127.0.0.1:4010/v1/api/runs/r1/events/stream?attemptId=a1&afterSeq=3'),
      { runId: 'r1', attemptId: 'a1', origin: 'http://127.0.0.1:4010' },
    );
    assert.deepEqual(parseRunRef('https://x.test/view?runId=r9'), { runId: 'r9', origin: 'https://x.test' });
    assert.equal(parseRunRef('https://x.test/agents/a1'), undefined);
    assert.equal(parseRunRef('ftp://x.test/runs/r1'), undefined);
  });

  it('reads the follow commands’ arguments', () => {
    assert.deepEqual(parseFollowArgs({ runId: 'r1' }), { runId: 'r1' });
    assert.deepEqual(parseFollowArgs({ connectionId: 'named:stg', runId: 'r1', attemptId: 'a2' }), {
      connectionId: 'named:stg',
      runId: 'r1',
      attemptId: 'a2',
    });
    assert.deepEqual(parseFollowArgs('run1'), { runId: 'run1' });
    assert.equal(parseFollowArgs({ run: 'r1' }), undefined);
    assert.equal(parseFollowArgs({ runId: 'bad id' }), undefined);
    assert.deepEqual(parseFollowArgs({ runId: 'r1', attemptId: 'bad id' }), { runId: 'r1' });
    assert.equal(parseFollowArgs(null), undefined);
  });

  it('restores a panel only from a well-formed saved state', () => {
    assert.deepEqual(
      targetFromState({ target: { connectionId: 'default', runId: 'r1', attemptId: 'a1' }, rows: [] }),
      {
        connectionId: 'default',
        runId: 'r1',
        attemptId: 'a1',
      },
    );
    assert.equal(targetFromState(undefined), undefined);
    assert.equal(targetFromState({ target: { connectionId: 'default', runId: 'r1' } }), undefined);
    assert.equal(targetFromState({ target: { connectionId: '', runId: 'r1', attemptId: 'a1' } }), undefined);
    assert.equal(
      targetFromState({ target: { connectionId: 'd', runId: '../x', attemptId: 'a1' } }),
      undefined,
    );
  });

  it('keys panels by connection, run and attempt; sorts running and waiting first', () => {
    assert.notEqual(panelKey('c', 'r', 'a1'), panelKey('c', 'r', 'a2'));
    assert.notEqual(panelKey('c1', 'r', 'a'), panelKey('c2', 'r', 'a'));
    const order = ['completed', 'waiting_for_human', 'failed', 'running', 'queued'].sort(
      (a, b) => statusRank(runState(a)) - statusRank(runState(b)),
    );
    assert.deepEqual(order.slice(0, 3), ['running', 'waiting_for_human', 'queued']);
  });
});

describe('panel/batcher: host → webview batching', () => {
  function fakeTimers() {
    const pending: { fn: () => void; ms: number }[] = [];
    return {
      pending,
      setTimer: (fn: () => void, ms: number) => {
        const t = { fn, ms };
        pending.push(t);
        return t;
      },
      clearTimer: (h: unknown) => {
        const i = pending.indexOf(h as { fn: () => void; ms: number });
        if (i >= 0) pending.splice(i, 1);
      },
      fire() {
        const all = pending.splice(0);
        for (const t of all) t.fn();
      },
    };
  }

  it('coalesces items pushed within the interval into one delivery', () => {
    const timers = fakeTimers();
    const got: number[][] = [];
    const b = new Batcher<number>((items) => void got.push(items), { intervalMs: 50, ...timers });
    for (let i = 1; i <= 100; i++) b.push(i);
    assert.equal(got.length, 0);
    assert.equal(timers.pending.length, 1);
    assert.equal(timers.pending[0]?.ms, 50);
    timers.fire();
    assert.deepEqual(got, [Array.from({ length: 100 }, (_, i) => i + 1)]);
  });

  it('flushes early when the batch is full, and holds the next while one is in flight', async () => {
    const timers = fakeTimers();
    const got: number[][] = [];
    let release: () => void = () => undefined;
    const b = new Batcher<number>(
      (items) => {
        got.push(items);
        return new Promise<void>((r) => (release = r));
      },
      { maxItems: 3, ...timers },
    );
    b.push(1);
    b.push(2);
    b.push(3);
    assert.deepEqual(got, [[1, 2, 3]]);
    for (let i = 4; i <= 10; i++) b.push(i);
    assert.equal(got.length, 1, 'nothing more while the first delivery is in flight');
    release();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(got[1], [4, 5, 6, 7, 8, 9, 10]);
  });

  it('holds everything while paused and delivers it on resume; clear forgets', () => {
    const timers = fakeTimers();
    const got: number[][] = [];
    const b = new Batcher<number>((items) => void got.push(items), timers);
    b.pause();
    for (let i = 1; i <= 10_000; i++) b.push(i);
    timers.fire();
    assert.equal(got.length, 0);
    b.resume();
    assert.equal(got[0]?.length, 10_000);
    b.push(1);
    b.clear();
    timers.fire();
    assert.equal(got.length, 1);
    b.dispose();
    b.push(2);
    timers.fire();
    assert.equal(got.length, 1);
  });
});
