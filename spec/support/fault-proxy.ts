import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** One client connection through the proxy, and the last HTTP request line it sent. */
interface Link {
  client: Socket;
  upstream: Socket;
  request: string;
  stalled: boolean;
}

/** Matches a connection by the last request line it carried, e.g. /GET \S+\/queue\/data/. */
export type RequestPattern = RegExp;

/**
 * A TCP proxy of our own in front of a real Gradio server, for fault injection. It forwards bytes
 * both ways and, on command, cuts connections, stalls or slows the server's answers, answers some
 * requests itself (a front end returning 429), or points new connections at another upstream (a
 * restarted server). Requests are recognised by the request line at the start of a client chunk,
 * which is where HTTP/1.1 clients begin each request.
 */
export interface FaultProxy {
  /** `http://127.0.0.1:{port}` plus the upstream URL's path. */
  url: string;
  /** Last request lines of the connections open now. */
  open(): string[];
  /** Destroys the open connections whose last request matches; returns how many. */
  cut(pattern?: RequestPattern): number;
  /** Stops forwarding the server's bytes on matching connections (now and later ones). */
  stall(pattern: RequestPattern | null): void;
  /** Delays every chunk from the server by `ms`, split into pieces of `bytes` (0 ms: off). */
  slow(ms: number, bytes?: number): void;
  /** Answers the next `times` requests matching `pattern` with `response` (raw HTTP) and hangs up. */
  answer(pattern: RequestPattern, times: number, response: string): void;
  /** Sends new connections to another upstream port. */
  retarget(port: number): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) (\S+) HTTP\/1\.[01]/;

export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  let upstreamPort = Number(upstream.port);
  const links = new Set<Link>();
  let stallPattern: RequestPattern | null = null;
  let slowMs = 0;
  let slowBytes = 1024;
  const answers: { pattern: RequestPattern; times: number; response: string }[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const server: Server = createServer((client) => {
    const link: Link = {
      client,
      upstream: createConnection({ host: '127.0.0.1', port: upstreamPort }),
      request: '',
      stalled: false,
    };
    links.add(link);
    let chain = Promise.resolve();
    const close = () => {
      links.delete(link);
      client.destroy();
      link.upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const line = REQUEST_LINE.exec(chunk.subarray(0, 512).toString('latin1'));
      if (line) {
        link.request = `${line[1]} ${line[2]}`;
        if (stallPattern?.test(link.request)) link.stalled = true;
        const canned = answers.find((a) => a.times > 0 && a.pattern.test(link.request));
        if (canned) {
          canned.times--;
          client.end(canned.response);
          link.upstream.destroy();
          links.delete(link);
          return;
        }
      }
      link.upstream.write(chunk);
    });
    link.upstream.on('data', (chunk: Buffer) => {
      if (link.stalled) return;
      if (slowMs === 0) {
        client.write(chunk);
        return;
      }
      link.upstream.pause();
      chain = chain.then(async () => {
        for (let at = 0; at < chunk.length; at += slowBytes) {
          await sleep(slowMs);
          if (client.destroyed) return;
          client.write(chunk.subarray(at, at + slowBytes));
        }
        link.upstream.resume();
      });
    });
    link.upstream.on('end', () => void chain.then(() => client.end()));
    client.on('end', () => link.upstream.end());
    client.on('error', close);
    client.on('close', close);
    link.upstream.on('error', close);
    link.upstream.on('close', () => void chain.then(close));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const path = upstream.pathname === '/' ? '' : upstream.pathname.replace(/\/$/, '');
  const matching = (pattern?: RequestPattern) =>
    [...links].filter((l) => !pattern || pattern.test(l.request));

  return {
    url: `http://127.0.0.1:${port}${path}`,
    open: () => [...links].map((l) => l.request),
    cut: (pattern) => {
      const hit = matching(pattern);
      for (const link of hit) {
        links.delete(link);
        link.client.destroy();
        link.upstream.destroy();
      }
      return hit.length;
    },
    stall: (pattern) => {
      stallPattern = pattern;
      for (const link of links) link.stalled = !!pattern?.test(link.request);
    },
    slow: (ms, bytes = 1024) => {
      slowMs = ms;
      slowBytes = bytes;
    },
    answer: (pattern, times, response) => answers.push({ pattern, times, response }),
    retarget: (newPort) => {
      upstreamPort = newPort;
    },
    close: async () => {
      for (const link of links) {
        link.client.destroy();
        link.upstream.destroy();
      }
      links.clear();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
