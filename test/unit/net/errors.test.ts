import assert from 'node:assert/strict';
import { ApiError, errorFromNetwork, parseRetryAfter } from '../../../src/net/errors';
import { SIGN_IN_MESSAGE, errorFromStatus } from '../../../src/backends/agentos/errors';
import { redact, redactingLogger } from '../../../src/util/logger';

const KEY = 'sk-test-9f8e7d6c5b4a';
const ctx = { host: 'agentos.example.com', what: 'Run r_42', secrets: [KEY] };

describe('error mapping (pure)', () => {
  it('maps each status to a kind and a message a person can act on', () => {
    const cases: [number, string, RegExp][] = [
      [401, 'unauthorized', /^The API key was rejected — run AgentOS: Sign In$/],
      [403, 'forbidden', /Access denied.*Run r_42/],
      [404, 'notFound', /^Run r_42 was not found on agentos\.example\.com/],
      [409, 'conflict', /Conflict/],
      [422, 'badRequest', /refused the request \(HTTP 422\)/],
      [429, 'rateLimited', /rate limiting.*in 7 s/],
      [500, 'server', /failed \(HTTP 500\)/],
      [503, 'server', /failed \(HTTP 503\)/],
    ];
    for (const [status, kind, re] of cases) {
      const e = errorFromStatus(
        status,
        JSON.stringify({ message: 'server says no', code: 'X' }),
        { 'retry-after': '7' },
        ctx,
      );
      assert.equal(e.kind, kind, `status ${status}`);
      assert.match(e.message, re, `status ${status}`);
      assert.equal(e.status, status);
    }
    assert.equal(errorFromStatus(401, '', {}, ctx).message, SIGN_IN_MESSAGE);
    assert.equal(errorFromStatus(429, '', { 'retry-after': '7' }, ctx).retryAfterMs, 7000);
  });

  it('never lets the key through, even when the server echoes it', () => {
    for (const status of [400, 401, 403, 404, 409, 429, 500, 502]) {
      const e = errorFromStatus(
        status,
        JSON.stringify({ message: `bad key ${KEY} (${encodeURIComponent(KEY)})` }),
        {},
        ctx,
      );
      assert.ok(!e.message.includes(KEY), `status ${status}: ${e.message}`);
      assert.ok(!(e.serverMessage ?? '').includes(KEY));
      assert.ok(!String(e.stack).includes(KEY));
    }
    const net = errorFromNetwork(
      Object.assign(new Error(`connect failed for ${KEY}`), { code: 'EWEIRD' }),
      ctx,
    );
    assert.ok(!net.message.includes(KEY));
  });

  it('names the host for DNS, refused, reset, and TLS failures', () => {
    const mk = (code: string, msg = 'x'): ApiError =>
      errorFromNetwork(Object.assign(new Error(msg), { code }), ctx);
    assert.match(mk('ENOTFOUND').message, /agentos\.example\.com.*DNS/);
    assert.match(mk('ECONNREFUSED').message, /agentos\.example\.com.*refused/);
    assert.match(mk('ECONNRESET').message, /agentos\.example\.com/);
    assert.match(
      mk('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate').message,
      /TLS error talking to agentos\.example\.com/,
    );
    assert.equal(mk('ENOTFOUND').kind, 'unreachable');
    assert.equal(mk('ENOTFOUND').transient, false);
    assert.equal(mk('ECONNREFUSED').transient, true);
    assert.equal(mk('UND_ERR_CONNECT_TIMEOUT').kind, 'timeout');
  });

  it('finds the system code in an error cause chain (undici wraps them)', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const outer = Object.assign(new TypeError('fetch failed'), { cause: inner });
    assert.equal(errorFromNetwork(outer, ctx).code, 'ECONNREFUSED');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter('0.5'), 500);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now), 10_000);
  });

  it('redacts secrets from log lines, also URL-encoded', () => {
    const lines: string[] = [];
    const sink = {
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
      debug: (m: string) => lines.push(m),
    };
    const log = redactingLogger(sink, () => ['a+b/c=secret']);
    log.info('key a+b/c=secret and a%2Bb%2Fc%3Dsecret');
    assert.equal(lines[0], 'key *** and ***');
    assert.equal(redact('abc', ['ab']), 'abc', 'very short secrets are not redacted (noise)');
  });
});
