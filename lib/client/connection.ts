import { Observable } from 'rxjs';
import type { SpaceStatusEvent } from '../types/space';
import type { ConnectEvent } from './gradio-client';
import type { GradioClient } from './gradio-client';

/**
 * The Observable shape shared by `connect$` and `duplicate$`: runs `open` with an abort signal and
 * a way to emit Space status events, then emits the connected client and completes. Unsubscribing
 * before that (or the caller's `signal` firing) aborts every request in flight.
 */
export function connection$(
  open: (signal: AbortSignal, emit: (event: SpaceStatusEvent) => void) => Promise<GradioClient>,
  userSignal?: AbortSignal,
): Observable<ConnectEvent> {
  return new Observable<ConnectEvent>((subscriber) => {
    const controller = new AbortController();
    const onUserAbort = (): void => controller.abort(userSignal?.reason);
    if (userSignal?.aborted) onUserAbort();
    else userSignal?.addEventListener('abort', onUserAbort, { once: true });
    let settled = false;
    open(controller.signal, (event) => subscriber.next(event)).then(
      (client) => {
        settled = true;
        subscriber.next({ type: 'connected', client });
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        subscriber.error(error);
      },
    );
    return () => {
      userSignal?.removeEventListener('abort', onUserAbort);
      if (!settled) controller.abort();
    };
  });
}
