import assert from 'node:assert/strict';
import { checkBaseUrl, connectionId, secretKeyFor } from '../../src/core/connection-rules';

describe('connection rules', () => {
  it('accepts http and https URLs and normalises a trailing slash', () => {
    assert.deepEqual(checkBaseUrl(' https://agentos.example.com/ '), {
      ok: true,
      url: 'https://agentos.example.com',
    });
    assert.deepEqual(checkBaseUrl('http://127.0.0.1:4010'), { ok: true, url: 'http://127.0.0.1:4010' });
    assert.deepEqual(checkBaseUrl('https://example.com/agentos//'), {
      ok: true,
      url: 'https://example.com/agentos',
    });
  });

  it('explains what is wrong with a bad URL', () => {
    const message = (input: string) => {
      const result = checkBaseUrl(input);
      assert.equal(result.ok, false);
      return (result as { message: string }).message;
    };
    assert.match(message(''), /Enter the AgentOS server URL/);
    assert.match(
      message('agentos.example.com'),
      /Include the scheme, for example https:\/\/agentos\.example\.com/,
    );
    assert.match(message('ftp://x.example'), /http:\/\/ or https:\/\//);
    assert.match(message('https://me:secret@x.example'), /credentials out of the URL/);
    assert.match(message('https://x.example/?token=1'), /query/);
  });

  it('names connections and their secret keys stably', () => {
    assert.equal(connectionId(' Staging '), 'named:staging');
    assert.equal(secretKeyFor('named:staging'), 'agentos.apiKey.named:staging');
  });
});
