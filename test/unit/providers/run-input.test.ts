import assert from 'node:assert/strict';
import {
  checkRunInput,
  locateJsonError,
  positionAt,
  RUN_INPUT_TEMPLATE,
} from '../../../src/providers/run-input';

describe('Start Run input check (pure)', () => {
  it('accepts JSON and empty input; the template parses', () => {
    assert.deepEqual(checkRunInput('{"a":[1,{"b":null}],"c":-1.5e3}'), {
      ok: true,
      value: { a: [1, { b: null }], c: -1500 },
    });
    assert.deepEqual(checkRunInput('  \n'), { ok: true, value: undefined });
    assert.equal(checkRunInput(RUN_INPUT_TEMPLATE).ok, true);
  });

  it('says where the JSON is wrong (line and column, 1-based)', () => {
    const cases: [string, number, number, RegExp][] = [
      ['{\n  "message": "hi",\n  "n": oops\n}', 3, 8, /expected a value/],
      ['{ "order": "A-1", }', 1, 19, /trailing comma/],
      ['[1,2,]', 1, 6, /trailing comma/],
      ["{'a':1}", 1, 2, /quoted/],
      ['{"a":1} x', 1, 9, /after the end/],
      ['{"a": "b\nc"}', 1, 9, /control character/],
      ['{"a":', 1, 6, /end of the input/],
      ['{"a" 1}', 1, 6, /expected ':'/],
    ];
    for (const [text, line, column, reason] of cases) {
      const check = checkRunInput(text);
      assert.equal(check.ok, false, text);
      if (check.ok) continue;
      assert.deepEqual([check.line, check.column], [line, column], text);
      assert.match(check.message, reason, text);
      assert.match(check.message, /Nothing was sent/);
    }
  });

  it('the locator agrees with JSON.parse on what is valid', () => {
    const samples = [
      '1',
      '"x"',
      'true',
      'null',
      '[]',
      '{}',
      '{"a":{"b":[true,false,null,"\\u00e9"]}}',
      '-0.5E-3',
    ];
    for (const s of samples) assert.equal(locateJsonError(s), undefined, s);
    for (const s of ['tru', '01', '1.', '"\\x"', '{,}', '[,1]', 'NaN']) assert.ok(locateJsonError(s), s);
  });

  it('positions', () => {
    assert.deepEqual(positionAt('ab\ncd', 4), { line: 2, column: 2 });
    assert.deepEqual(positionAt('ab', 99), { line: 1, column: 3 });
  });
});
