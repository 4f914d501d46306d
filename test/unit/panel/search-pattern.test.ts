import assert from 'node:assert/strict';
import { searchPattern } from '../../../media/src/search-pattern';

describe('webview search: what the search box looks for in each row', () => {
  const finds = (needle: string, text: string): boolean => searchPattern(needle).test(text);

  it('finds the text in any case, Unicode letters too', () => {
    assert.ok(finds('tool_call', 'TOOL_CALL'));
    assert.ok(finds('planner', '{"node":"Planner"}'));
    assert.ok(finds('café', 'CAFÉ au lait'));
    assert.ok(finds('σ', 'ΣΟΦΙΑ'));
    assert.ok(finds('漢字 🚀', 'x 漢字 🚀 y'));
    assert.ok(!finds('planner', 'plan ner'));
  });

  it('takes every character literally: what a pattern would mean is never applied', () => {
    assert.ok(finds('a.b', 'a.b'));
    assert.ok(!finds('a.b', 'axb'));
    assert.ok(finds('(x', 'f(x)'));
    assert.ok(finds('[1]', 'items[1]'));
    assert.ok(finds('$5 ^2', 'cost $5 ^2'));
    assert.ok(finds('c:\\temp', 'C:\\TEMP'));
    assert.ok(!finds('a+', 'aaa'));
    assert.ok(finds('{"q":', '{"q":"rain"}'));
    assert.ok(finds('a|b', 'a|b') && !finds('a|b', 'b'));
  });
});
