import assert from 'node:assert/strict';
import { ApiError } from '../../src/net/errors';
import { SIGN_IN_MESSAGE } from '../../src/backends/agentos/errors';
import {
  checkBaseUrl,
  connectionDetail,
  connectionId,
  secretKeyFor,
  signInFailureMessage,
} from '../../src/core/connection-rules';

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
    assert.match(message('localhost:4010'), /Include the scheme, for example http:\/\/localhost:4010$/);
    assert.match(message('127.0.0.1:4010'), /for example http:\/\/127\.0\.0\.1:4010$/);
  });

  it('never puts input that is not a host into the example', () => {
    const result = checkBaseUrl('not a url');
    assert.equal(result.ok, false);
    const text = (result as { message: string }).message;
    assert.equal(
      text,
      '"not a url" is not a URL. Include the scheme, for example https://agentos.example.com',
    );
    for (const input of ['hello', '??', 'agentos example com'])
      assert.match(
        (checkBaseUrl(input) as { message: string }).message,
        /for example https:\/\/agentos\.example\.com$/,
      );
  });

  it('says why sign-in failed as a person would, without sending them to Sign In again', () => {
    const rejected = new ApiError('unauthorized', SIGN_IN_MESSAGE, { status: 401, host: '127.0.0.1:4010' });
    assert.equal(
      signInFailureMessage(rejected, 'http://127.0.0.1:4010'),
      '127.0.0.1:4010 rejected the API key. Check the key and try again.',
    );
    const refused = new ApiError(
      'unreachable',
      'Cannot reach 127.0.0.1:9: the connection was refused. Is the server running and the URL right?',
    );
    const text = signInFailureMessage(refused, 'http://127.0.0.1:9');
    assert.equal(
      text,
      'Could not sign in. Cannot reach 127.0.0.1:9: the connection was refused. Is the server running and the URL right?',
    );
    assert.equal(text.split('127.0.0.1:9').length, 2, 'the host once');
    for (const message of [signInFailureMessage(rejected, 'http://127.0.0.1:4010'), text])
      assert.doesNotMatch(message, /Sign In|AgentOS:/);
  });

  it('names a connection once: the host goes next to the name only when the name is not the host', () => {
    assert.equal(connectionDetail('127.0.0.1:4010', 'http://127.0.0.1:4010'), '');
    assert.equal(connectionDetail('Staging', 'https://staging.example.com/agentos'), 'staging.example.com');
  });

  it('names connections and their secret keys stably', () => {
    assert.equal(connectionId(' Staging '), 'named:staging');
    assert.equal(secretKeyFor('named:staging'), 'agentos.apiKey.named:staging');
  });
});
