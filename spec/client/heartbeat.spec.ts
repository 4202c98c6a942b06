import { describe, expect, it } from '@jest/globals';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { heartbeat$ } from '../../lib/client/heartbeat';
import { HttpClient } from '../../lib/transport/http-client';

const BEAT = 'data: {"msg": "heartbeat"}\n\n';

describe('heartbeat$', () => {
  it('opens the heartbeat again after a drop, with backoff, and closes it on unsubscribe', async () => {
    // Connection 1 sends a beat and ends; 2 is refused; 3 sends a beat and stays open.
    const opened: { at: number; path: string }[] = [];
    const ended: number[] = [];
    let open: ServerResponse | null = null;
    let closed!: () => void;
    const lastClosed = new Promise<void>((resolve) => (closed = resolve));
    const server = createServer((req, res) => {
      opened.push({ at: Date.now(), path: req.url ?? '' });
      const n = opened.length;
      if (n === 2) {
        ended.push(Date.now());
        res.writeHead(500).end('down');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(BEAT);
      if (n === 1) {
        ended.push(Date.now());
        res.end();
      } else {
        open = res;
        res.on('close', () => closed());
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const http = new HttpClient({ trustedOrigins: [origin], timeout: false });
    const beats: string[] = [];
    let done = false;
    const subscription = heartbeat$(http, `${origin}/gradio_api`, 'session 1').subscribe({
      next: (beat) => beats.push(beat),
      error: () => (done = true),
      complete: () => (done = true),
    });
    try {
      while (beats.length < 2) await new Promise((r) => setTimeout(r, 50));
      expect(opened.map((o) => o.path)).toEqual(Array(3).fill('/gradio_api/heartbeat/session%201'));
      // After a beat the backoff starts again at 1 s; after a refusal (no beat) it doubles.
      expect(opened[1]!.at - ended[0]!).toBeGreaterThanOrEqual(950);
      expect(opened[2]!.at - ended[1]!).toBeGreaterThanOrEqual(1950);
      expect(beats).toEqual(['{"msg": "heartbeat"}', '{"msg": "heartbeat"}']);
      expect(done).toBe(false);
      expect(open).not.toBeNull();
      subscription.unsubscribe();
      // The server sees the open heartbeat end (the session's unload runs then).
      await lastClosed;
      await new Promise((r) => setTimeout(r, 1200));
      expect(opened).toHaveLength(3);
    } finally {
      subscription.unsubscribe();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 15_000);
});
