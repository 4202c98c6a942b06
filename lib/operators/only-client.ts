import { filter, map, type OperatorFunction } from 'rxjs';
import type { ConnectEvent, GradioClient } from '../client/gradio-client';

/**
 * Keeps only the connected client of a {@link connect$} stream, dropping status events.
 *
 * @example
 * ```ts
 * const client = await firstValueFrom(connect$(url).pipe(onlyClient()));
 * ```
 */
export function onlyClient(): OperatorFunction<ConnectEvent, GradioClient> {
  return (source) =>
    source.pipe(
      filter(
        (event): event is Extract<ConnectEvent, { type: 'connected' }> =>
          event.type === 'connected',
      ),
      map((event) => event.client),
    );
}
