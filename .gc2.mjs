import http from 'node:http';
import ky from 'ky';
const mode = process.argv[2];
const server = http.createServer((req, res) => {
  res.writeHead(200);
  const t = setInterval(() => res.write('x'), 100);
  req.on('close', () => clearInterval(t));
}).listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}/`;
  const t0 = Date.now();
  const c = new AbortController();
  const timer = setTimeout(() => c.abort(new DOMException('t', 'TimeoutError')), 500);
  const gcTimer = setInterval(() => globalThis.gc(), 20);
  const hang = setTimeout(() => { console.log(mode, 'still hanging after 5 s'); process.exit(0); }, 5000);
  try {
    if (mode === 'ky') await ky.get(url, { signal: c.signal, timeout: false }).then((r) => r.text());
    else if (mode === 'kyjson') await ky.get(url, { signal: c.signal, timeout: false }).json();
    else await fetch(url, { signal: c.signal }).then((r) => r.text());
    console.log('completed?');
  } catch (e) { console.log(mode, 'aborted after', Date.now() - t0, 'ms', e.name); }
  clearTimeout(timer); clearInterval(gcTimer); clearTimeout(hang); server.closeAllConnections(); server.close();
});
