// Child process: serves one recorded SSE response (a file) to every GET, as fast as the socket takes it. Used so the
// throughput benchmarks measure the client, not the sandbox's event generation (which is slower than the clients on
// a 2-core machine). Prints `replay listening on http://127.0.0.1:<port>`.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const file = process.argv[2];
if (!file) throw new Error('usage: replay-server.ts <recorded-stream-file>');
const body = readFileSync(file);
const CHUNK = 64 * 1024;

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let offset = 0;
  const pump = (): void => {
    while (offset < body.length) {
      const piece = body.subarray(offset, offset + CHUNK);
      offset += piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  req.on('close', () => res.off('drain', pump));
  pump();
});
server.listen(0, '127.0.0.1', () => {
  console.log(`replay listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
