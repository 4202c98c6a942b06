import { createParser } from 'eventsource-parser';
import { Observable } from 'rxjs';

/** An SSE response that was not 2xx, or broke. `status` is 0 for network failures. */
export class SseError extends Error {
  override readonly name = 'SseError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SseOptions {
  /** Opens the HTTP request; must honour the signal. */
  open: (signal: AbortSignal) => Promise<Response>;
  /**
   * Error with `SseError` (status 0, body "idle") when no bytes arrive for this long (ms); servers
   * that send heartbeats keep it alive. `false` for no limit.
   */
  idleTimeout: number | false;
  /**
   * Error with `SseError` (status 0, body "oversized") when one event grows past this many bytes
   * without ending, so a broken or hostile peer cannot make the client buffer without bound.
   * @default 64 MiB
   */
  maxEventBytes?: number;
}

/** See `SseOptions.maxEventBytes`. */
export const MAX_EVENT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a server-sent-events response and emits the `data` of each event, in order. Completes when
 * the server ends the response; errors with {@link SseError} on a non-2xx answer, a network
 * failure, or idleness. Unsubscribing aborts the request. Cold: each subscription opens its own
 * request.
 */
export function sseData$(options: SseOptions): Observable<string> {
  return new Observable<string>((subscriber) => {
    const controller = new AbortController();
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let lastActivity = 0;
    // One timer per quiet spell, not one per read: when it fires after activity, it waits the rest.
    const watchIdle = (wait: number): void => {
      idleTimer = setTimeout(() => {
        const quiet = Date.now() - lastActivity;
        if (subscriber.closed) return;
        if (quiet < (options.idleTimeout as number))
          return watchIdle((options.idleTimeout as number) - quiet);
        subscriber.error(new SseError(`No data for ${options.idleTimeout} ms`, 0, 'idle'));
        controller.abort();
      }, wait);
    };
    const armIdle = (): void => {
      // A read that settled just before the teardown must not arm a timer nobody clears.
      if (options.idleTimeout === false || subscriber.closed) return;
      lastActivity = Date.now();
      if (idleTimer === undefined) watchIdle(options.idleTimeout);
    };
    const maxEventBytes = options.maxEventBytes ?? MAX_EVENT_BYTES;
    let pendingBytes = 0;
    const parser = createParser({
      onEvent: (event) => {
        pendingBytes = 0;
        subscriber.next(event.data);
      },
    });

    (async () => {
      armIdle();
      const response = await options.open(controller.signal);
      if (!response.ok || !response.body) {
        const body = await response.text().catch(() => '');
        throw new SseError(`HTTP ${response.status}`, response.status, body);
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      subscriber.add(() => void reader.cancel().catch(() => undefined));
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armIdle();
        pendingBytes += value.byteLength;
        parser.feed(decoder.decode(value, { stream: true }));
        if (pendingBytes > maxEventBytes)
          throw new SseError(`An event exceeded ${maxEventBytes} bytes`, 0, 'oversized');
        if (subscriber.closed) return;
      }
      parser.feed(decoder.decode());
      clearTimeout(idleTimer);
      subscriber.complete();
    })().catch((error: unknown) => {
      clearTimeout(idleTimer);
      if (subscriber.closed) return;
      if (error instanceof SseError) subscriber.error(error);
      else subscriber.error(new SseError('The event stream broke', 0, '', { cause: error }));
    });

    return () => {
      clearTimeout(idleTimer);
      controller.abort();
    };
  });
}
