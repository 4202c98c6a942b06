/**
 * Run as a child process (with --expose-gc) by the deadline spec: connects, with `timeout: 500`,
 * to a local server that trickles its answer a byte every 100 ms, while the garbage collector runs
 * every 20 ms. Prints one JSON line: `{ code, ms }` (the error's code and how long it took), or
 * `{ hung: true }` when nothing ended it within 5 s.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { connect$ } from '../../lib/index';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const server = createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  const trickle = setInterval(() => response.write(' '), 100);
  request.on('close', () => clearInterval(trickle));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const collecting = setInterval(gc, 20);
  const hung = setTimeout(() => {
    console.log(JSON.stringify({ hung: true }));
    process.exit(0);
  }, 5000);
  const started = Date.now();
  firstValueFrom(connect$(`http://127.0.0.1:${port}`, { timeout: 500 })).then(
    () => console.log(JSON.stringify({ code: 'connected' })),
    (error: { code?: string }) => {
      console.log(JSON.stringify({ code: error.code, ms: Date.now() - started }));
      clearInterval(collecting);
      clearTimeout(hung);
      server.closeAllConnections();
      server.close();
    },
  );
});
