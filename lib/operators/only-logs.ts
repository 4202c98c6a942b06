import { filter, type OperatorFunction } from 'rxjs';
import type { LogEvent, SubmitEvent } from '../types/events';

/**
 * Keeps the app's `gr.Info` / `gr.Warning` / `gr.Success` messages of a job stream.
 *
 * @example
 * ```ts
 * job$.pipe(onlyLogs()).subscribe((log) => console.log(`[${log.level}] ${log.message}`));
 * ```
 */
export function onlyLogs<T>(): OperatorFunction<SubmitEvent<T>, LogEvent> {
  return (source) => source.pipe(filter((event): event is LogEvent => event.type === 'log'));
}
