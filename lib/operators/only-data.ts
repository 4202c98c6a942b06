import { filter, map, type OperatorFunction } from 'rxjs';
import type { DataEvent, SubmitEvent } from '../types/events';

/**
 * Keeps the outputs of a job stream: one value for a normal endpoint, one per update for a
 * generator. `predict$` is `submit$(...).pipe(onlyData())`.
 *
 * @example
 * ```ts
 * client.submit$('/count', [5]).pipe(onlyData()).subscribe(([text]) => console.log(text));
 * ```
 */
export function onlyData<T>(): OperatorFunction<SubmitEvent<T>, T> {
  return (source) =>
    source.pipe(
      filter((event): event is DataEvent<T> => event.type === 'data'),
      map((event) => event.data),
    );
}
