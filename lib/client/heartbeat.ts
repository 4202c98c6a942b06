import { defer, repeat, retry, tap, timer, type Observable } from 'rxjs';
import type { HttpClient } from '../transport/http-client';
import { sseData$ } from '../transport/sse';
import { openHeartbeat } from './gradio-routes';

/** Backoff between heartbeat reconnects: 1 s, 2 s, 4 s ... up to 30 s. */
const backoff = (attempt: number): number => Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));

/**
 * Keeps `GET {api}/heartbeat/{session}` open, as a browser tab does, so the server keeps the
 * session (its `gr.State`) and runs its `unload` handlers only when the client goes away.
 * Reconnects with backoff if the connection drops. Never completes; unsubscribe to stop (the
 * server then sees the session close).
 */
export function heartbeat$(
  http: HttpClient,
  apiUrl: string,
  sessionHash: string,
  signature: string | null = null,
): Observable<string> {
  let attempt = 0;
  return defer(() =>
    sseData$({
      open: (signal) => openHeartbeat(http, apiUrl, sessionHash, signal, signature),
      idleTimeout: 120_000,
    }),
  ).pipe(
    tap(() => (attempt = 0)),
    retry({ delay: () => timer(backoff(++attempt)) }),
    repeat({ delay: () => timer(backoff(++attempt)) }),
  );
}
