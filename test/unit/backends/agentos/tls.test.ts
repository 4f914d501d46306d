// TLS: a self-signed server is refused by default (a TLS error naming the host), accepted with strictSSL off, and
// accepted with strictSSL on when its CA comes from NODE_EXTRA_CA_CERTS (checked in a child process, since Node reads
// that variable at start-up). Certificates are made on the fly with openssl; the suite is skipped without it.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AgentOsClient } from '../../../../src/backends/agentos/client';
import { ApiError } from '../../../../src/net/errors';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('TLS: strictSSL and NODE_EXTRA_CA_CERTS', function () {
  this.timeout(30_000);
  let dir: string;
  let server: Server;
  let url: string;

  before(async function () {
    if (!hasOpenssl()) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'agentos-tls-'));
    const run = (args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    };
    run([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=AgentOS test CA',
    ]);
    run([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    ]);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    run([
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    ]);
    server = createServer(
      { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"items":[{"id":"a1","name":"over TLS"}]}');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown CA by default, naming the host', async () => {
    const c = new AgentOsClient({ baseUrl: url, apiKey: 'k-123456', version: 't', retries: 0 });
    await assert.rejects(c.listAgents(), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, 'unreachable');
      assert.match(e.message, /TLS error talking to 127\.0\.0\.1:\d+/);
      return true;
    });
    await c.close();
  });

  it('accepts it with strictSSL off', async () => {
    const c = new AgentOsClient({
      baseUrl: url,
      apiKey: 'k-123456',
      version: 't',
      proxy: { strictSSL: false },
    });
    assert.equal((await c.listAgents()).items[0]?.name, 'over TLS');
    await c.close();
  });

  it('accepts it with strictSSL on when the CA comes from NODE_EXTRA_CA_CERTS', async () => {
    const clientPath = resolve(__dirname, '../../../../src/backends/agentos/client.ts');
    const script = `
      const mod = await import(${JSON.stringify(clientPath)});
      const { AgentOsClient } = mod.AgentOsClient ? mod : mod.default;
      const c = new AgentOsClient({ baseUrl: ${JSON.stringify(url)}, apiKey: 'k-123456', version: 't', retries: 0 });
      const page = await c.listAgents();
      await c.close();
      process.stdout.write(page.items[0].name);
    `;
    // Asynchronously: the server lives in this process and must keep answering.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') }, encoding: 'utf8' },
    );
    assert.equal(stdout, 'over TLS');
  });
});
