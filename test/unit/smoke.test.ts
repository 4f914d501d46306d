import assert from 'node:assert/strict';
describe('toolchain', () => {
  it('runs TypeScript tests in plain Node', () => {
    assert.equal(typeof process.versions.node, 'string');
  });
});
