// Follow Run in the real extension host against the sandbox: the webview shows every seq exactly once, across
// drops and reloads of the webview; filters, search, the new-attempt offer, the output channel and the status bar.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FollowRunApi } from '../../src/panel/register';
import type { Sandbox } from '../../sandbox/server';
import {
  admin,
  closeAllPanels,
  followApi,
  probe,
  range,
  scriptedRun,
  waitForPanel,
} from './support/follow';
import { signInToSandbox } from './support/sandbox';

describe('follow run: the live timeline panel', function () {
  this.timeout(120_000);
  let api: FollowRunApi;
  let sandbox: Sandbox;

  before(async () => {
    api = await followApi();
    sandbox = await signInToSandbox();
  });
  afterEach(async () => {
    await admin(sandbox, 'DELETE', '/_sandbox/faults');
    await closeAllPanels(api);
  });

  it('follows a live run to completion: the DOM shows seqs 1..N, each once, in order', async () => {
    const n = 400;
    const run = await scriptedRun(sandbox, { events: n, ratePerSec: 400 });
    const key = (await vscode.commands.executeCommand('agentos.followRun', { runId: run.id })) as string;
    assert.ok(key, 'the command returns the panel key');
    const done = await waitForPanel(api, key, (s) => s.lastSeq === n && s.connectionText.includes('Ended'), {
      what: 'the run to end',
      includeSeqs: true,
    });
    assert.deepEqual(done.seqs, range(1, n));
    assert.equal(done.contiguous, true);
    const scan = await probe<{ seqs: number[]; maxDomRows: number }>(api, key, { op: 'scan' });
    assert.deepEqual(scan.seqs, range(1, n), 'scrolling through the DOM shows 1..N');
    assert.ok(scan.maxDomRows < 200, `DOM rows bounded (${scan.maxDomRows})`);
    assert.match(done.statusText, /completed/i);
    assert.equal(done.injected.elements, 0);
  });
});
