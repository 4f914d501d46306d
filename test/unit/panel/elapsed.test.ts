import assert from 'node:assert/strict';
import { elapsedText } from '../../../src/panel/elapsed';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('elapsed time in the panel header', () => {
  it('seconds, minutes and hours below a day', () => {
    assert.equal(elapsedText(4_200), '4.2 s');
    assert.equal(elapsedText(42_000), '42 s');
    assert.equal(elapsedText(3 * MIN + 5_000), '3 min 5 s');
    assert.equal(elapsedText(2 * HOUR + 7 * MIN), '2 h 7 min');
    assert.equal(elapsedText(23 * HOUR + 59 * MIN), '23 h 59 min');
  });

  it('days and hours past 24 h (not "232 h 27 min")', () => {
    assert.equal(elapsedText(232 * HOUR + 27 * MIN), '9 d 16 h');
    assert.equal(elapsedText(DAY), '1 d 0 h');
  });

  it('never negative or NaN', () => {
    assert.equal(elapsedText(-5), '0.0 s');
    assert.equal(elapsedText(Number.NaN), '0.0 s');
  });
});
