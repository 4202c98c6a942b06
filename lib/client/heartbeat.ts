import { Observable, type Subscription } from 'rxjs';
import type { HttpClient } from '../transport/http-client';
import { sseData$ } from '../transport/sse';
import { openHeartbeat } from './gradio-routes';

/** Backoff between heartbeat reconnects: 1 s, 2 s, 4 s ... up to 30 s. */
const backoff = (attempt: number): number => Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));

/**
 * Keeps `GET {api}/heartbeat/{session}` open, as a browser tab does, so the server keeps the
 * session (its `gr.State`) and runs its `unload` handlers only when the client goes away.
 * Reconnects with backoff if the connection drops or ends. Never completes; unsubscribe to stop
 * (the server then sees the session close). The reconnect loop is written out rather than built
 * from `retry`/`repeat` with `timer`: those bring rxjs's async scheduler into every app's bundle
 * (0.9 KB min+gzip of a typical app's download), for this one loop.
 */
export function heartbeat$(
  http: HttpClient,
  apiUrl: string,
  sessionHash: string,
  signature: string | null = null,
): Observable<string> {
  return new Observable<string>((subscriber) => {
    let attempt = 0;
    let stream: Subscription | null = null;
    let wait: ReturnType<typeof setTimeout> | undefined;
    // A dropped or ended connection is opened again after the backoff.
    const again = (): void => {
      wait = setTimeout(open, backoff(++attempt));
    };
    const open = (): void => {
      stream = sseData$({
        open: (signal) => openHeartbeat(http, apiUrl, sessionHash, signal, signature),
        idleTimeout: 120_000,
      }).subscribe({
        next: (message) => {
          attempt = 0;
          subscriber.next(message);
        },
        error: again,
        complete: again,
      });
    };
    open();
    return () => {
      clearTimeout(wait);
      stream?.unsubscribe();
    };
  });
}
