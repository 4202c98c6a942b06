import { filter, type OperatorFunction } from 'rxjs';
import type { StatusEvent, SubmitEvent } from '../types/events';

/**
 * Keeps the status events of a job stream (stage, queue position, ETA, progress).
 *
 * @example
 * ```ts
 * job$.pipe(onlyStatus()).subscribe((s) => console.log(s.stage, s.position ?? ''));
 * ```
 */
export function onlyStatus<T>(): OperatorFunction<SubmitEvent<T>, StatusEvent> {
  return (source) => source.pipe(filter((event): event is StatusEvent => event.type === 'status'));
}
