import { finalize, from, switchMap, type Observable, type ObservableInput } from 'rxjs';
import { onlyClient } from '../operators/only-client';
import type { ConnectOptions } from '../types/options';
import { connect$ } from './connect';
import type { GradioClient } from './gradio-client';

/**
 * Connects, runs `use(client)`, and closes the client when that stream ends, errors or is
 * unsubscribed: the client's lifetime is the subscription's. Use it when a client should not
 * outlive a pipeline (a Node script, a component).
 *
 * @example
 * ```ts
 * withClient$('http://127.0.0.1:7860', {}, (client) =>
 *   client.predict$('/increment').pipe(take(3)),
 * ).subscribe(console.log); // the heartbeat and streams are closed afterwards
 * ```
 */
export function withClient$<T>(
  source: string,
  options: ConnectOptions,
  use: (client: GradioClient) => ObservableInput<T>,
): Observable<T> {
  return connect$(source, options).pipe(
    onlyClient(),
    switchMap((client) => from(use(client)).pipe(finalize(() => void client.close()))),
  );
}
