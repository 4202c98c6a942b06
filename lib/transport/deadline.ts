/** A signal bounded in time, and the call that ends the bound once the work has settled. */
export interface Deadline {
  /** Aborts when the caller's signal does (with its reason), or after `ms` (a `TimeoutError`). */
  readonly signal: AbortSignal;
  /** Clears the timer and the listener on the caller's signal: call it when the work settled. */
  readonly done: () => void;
}

/**
 * `signal`, or `ms` milliseconds, whichever ends first. Made of a controller and a plain timer,
 * not `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: Node may collect a timeout signal that
 * only such a composite holds before it fires (nodejs/node#57736), and the deadline then never
 * comes (a connect to a server trickling its answer hung that way under a loaded test run). The
 * timer holds the process until `done()`.
 */
export function deadline(signal: AbortSignal, ms: number): Deadline {
  const controller = new AbortController();
  const follow = (): void => controller.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(new DOMException(`The operation timed out after ${ms} ms`, 'TimeoutError')),
    ms,
  );
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', follow);
    },
  };
}
