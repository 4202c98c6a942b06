import { finalize, switchMap, type Observable } from 'rxjs';
import { onlyClient } from '../operators/only-client';
import type { Payload } from '../protocol/build-payload';
import type { EndpointRef } from '../protocol/resolve-endpoint';
import type { ConnectOptions, SubmitOptions } from '../types/options';
import { connect$ } from './connect';
import { GradioClient } from './gradio-client';

/** Options of the standalone {@link predict$}: connect options (used when given a URL) plus submit options. */
export type PredictOptions = ConnectOptions & SubmitOptions;

/**
 * Runs an endpoint on a client, or on an app given by URL (connecting first), and emits its
 * outputs: the standalone form of `client.predict$`. With a URL, each subscription connects anew
 * and closes that client when the call ends; keep a client (or `shareReplay` the connection) when
 * calling the same app repeatedly.
 *
 * @example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { predict$ } from 'gradio-rx';
 *
 * const [greeting] = await firstValueFrom(predict$('http://127.0.0.1:7860', '/predict', ['Ada']));
 * ```
 */
export function predict$<T extends unknown[] = unknown[]>(
  target: GradioClient | string,
  endpoint: EndpointRef,
  payload?: Payload,
  options: PredictOptions = {},
): Observable<T> {
  if (target instanceof GradioClient) return target.predict$<T>(endpoint, payload, options);
  return connect$(target, options).pipe(
    onlyClient(),
    switchMap((client) =>
      client.predict$<T>(endpoint, payload, options).pipe(finalize(() => void client.close())),
    ),
  );
}
