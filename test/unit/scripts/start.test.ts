// `npm start`'s own flags, the profile it keeps, and the user settings it writes into that profile.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_SETTINGS, mergeUserSettings } from '../../../scripts/lib/host.mjs';
import { parseStartArgs, prepareProfile } from '../../../scripts/lib/start-options.mjs';

describe('npm start: flags, kept profile, settings', () => {
  it('takes --fresh and --verbose, and refuses anything else with the usage', () => {
    assert.deepEqual(parseStartArgs([]), { fresh: false, verbose: false });
    assert.deepEqual(parseStartArgs(['--fresh', '--verbose']), { fresh: true, verbose: true });
    assert.throws(() => parseStartArgs(['--frsh']), /Unknown option '--frsh'[\s\S]*Usage: npm start/);
  });

  it('keeps the profile between starts; --fresh empties it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'agentos-profile-')), 'profile');
    try {
      prepareProfile(dir, { fresh: false });
      mkdirSync(join(dir, 'user-data'), { recursive: true });
      writeFileSync(join(dir, 'user-data', 'kept'), 'x');
      prepareProfile(dir, { fresh: false });
      assert.ok(existsSync(join(dir, 'user-data', 'kept')), 'kept between starts');
      prepareProfile(dir, { fresh: true });
      assert.ok(existsSync(dir) && !existsSync(join(dir, 'user-data', 'kept')), 'a clean profile');
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it("turns code-server's port pop-ups off, keeps a person's own settings, and always sets what this start gives", () => {
    assert.equal(HOST_SETTINGS['remote.autoForwardPorts'], false);
    const kept = JSON.stringify({ 'editor.fontSize': 16, 'agentos.baseUrl': 'http://127.0.0.1:4011' });
    const merged = mergeUserSettings(kept, { 'agentos.baseUrl': 'http://127.0.0.1:4010' });
    assert.equal(merged?.['editor.fontSize'], 16);
    assert.equal(merged?.['agentos.baseUrl'], 'http://127.0.0.1:4010');
    assert.equal(merged?.['remote.autoForwardPorts'], false);
    const turnedOn = mergeUserSettings(JSON.stringify({ 'remote.autoForwardPorts': true }), {});
    assert.equal(turnedOn?.['remote.autoForwardPorts'], true, 'a person may turn them back on');
    assert.deepEqual(mergeUserSettings(undefined, { a: 1 }), { ...HOST_SETTINGS, a: 1 });
    assert.equal(mergeUserSettings('{ // a comment\n}', {}), undefined, 'not plain JSON: left alone');
  });

  it("merges named connections by name: this start's sandbox entry is replaced, a person's own are kept", () => {
    const kept = JSON.stringify({
      'agentos.connections': [
        { name: 'Staging', baseUrl: 'https://staging.example.com' },
        { name: 'Managed Agents sandbox', kind: 'claude', baseUrl: 'http://127.0.0.1:4011' },
      ],
    });
    const sandbox = { name: 'Managed Agents sandbox', kind: 'claude', baseUrl: 'http://127.0.0.1:4010' };
    const merged = mergeUserSettings(kept, { 'agentos.connections': [sandbox] });
    assert.deepEqual(merged?.['agentos.connections'], [
      { name: 'Staging', baseUrl: 'https://staging.example.com' },
      sandbox,
    ]);
  });
});
