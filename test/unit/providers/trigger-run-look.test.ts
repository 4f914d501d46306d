// How a trigger's firing reads in the Triggers view: its age as the label, what fired it, the run it started (with
// that run's status when known) or the error in red, and the capability words the context menu matches.
import assert from 'node:assert/strict';
import type { RunInfo, TriggerRunInfo } from '../../../src/backends/types';
import { hasWord } from '../../../src/providers/presentation';
import {
  triggerRunContextValue,
  triggerRunDescription,
  triggerRunIcon,
  triggerRunLabel,
  triggerRunTooltip,
} from '../../../src/providers/trigger-run-look';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const failed: TriggerRunInfo = {
  id: 'drun_1',
  triggerId: 'depl_1',
  at: '2026-11-30T10:00:00Z',
  firedBy: 'schedule',
  error: 'Vault vlt_9 referenced by the deployment\n no longer exists.',
  raw: {},
};
const started: TriggerRunInfo = {
  id: 'drun_2',
  triggerId: 'depl_1',
  at: '2026-11-30T11:59:30Z',
  firedBy: 'manual',
  runId: 'sesn_011CDxc6MTklcVrj',
  raw: {},
};
const idle: RunInfo = { id: started.runId!, state: 'waiting', status: 'idle', raw: {} };

describe('providers: a trigger’s firing in the tree (pure)', () => {
  it('is labelled by its age, kept as of now', () => {
    assert.equal(triggerRunLabel(failed, NOW), '2h ago');
    assert.equal(triggerRunLabel(started, NOW), '30s ago');
  });

  it('a failure is red, with its error on one line in the description and whole in the tooltip', () => {
    assert.deepEqual(triggerRunIcon(failed), { id: 'error', color: 'testing.iconFailed' });
    assert.equal(
      triggerRunDescription(failed),
      'scheduled · failed: Vault vlt_9 referenced by the deployment no longer exists.',
    );
    const tooltip = triggerRunTooltip(failed, 'Weekly brief', undefined, NOW);
    assert.match(tooltip, /\*\*Failed:\*\* Vault vlt\\_9/);
    assert.match(tooltip, /\\\(2h ago\\\)/, 'when, escaped for Markdown');
    assert.doesNotMatch(tooltip, /follow/);
    const words = triggerRunContextValue(failed);
    assert.ok(hasWord(words, 'failed') && !hasWord(words, 'followable') && hasWord(words, 'copyable'));
  });

  it('a firing that started a run names it, with its status and icon once the sidebar knows the run', () => {
    assert.equal(triggerRunDescription(started), 'manual · run 011CDxc6');
    assert.deepEqual(triggerRunIcon(started), { id: 'play-circle' });
    assert.equal(triggerRunDescription(started, { ...idle, title: 'Triage' }), 'manual · run Triage · idle');
    assert.equal(triggerRunIcon(started, idle).id, 'debug-pause');
    assert.match(
      triggerRunTooltip(started, 'Weekly brief', idle, NOW),
      /Run: `sesn_011CDxc6MTklcVrj` \(idle\)/,
    );
    const words = triggerRunContextValue(started);
    assert.ok(hasWord(words, 'followable') && hasWord(words, 'json') && !hasWord(words, 'failed'));
    assert.ok(!hasWord(words, 'run'), 'not a run node: run actions stay off it');
  });
});
