import { filter, map, type OperatorFunction } from 'rxjs';
import type { ProgressUnit } from '../protocol/queue-message';
import type { StatusEvent, SubmitEvent } from '../types/events';

/** A job's progress as one number plus the trackers it came from. */
export interface JobProgress {
  /** Overall fraction done (0..1) of the innermost tracker that knows it, or null. */
  fraction: number | null;
  /** The `gr.Progress` trackers, outermost first. */
  units: ProgressUnit[];
  /** The innermost tracker's description. */
  desc: string | null;
}

const fractionOf = (unit: ProgressUnit): number | null => {
  if (unit.progress !== null) return unit.progress;
  if (unit.index !== null && unit.length) return unit.index / unit.length;
  return null;
};

/**
 * Keeps the progress reports (`gr.Progress`, tqdm) of a job stream as {@link JobProgress} values.
 *
 * @example
 * ```ts
 * job$.pipe(progress()).subscribe((p) => console.log(`${Math.round((p.fraction ?? 0) * 100)}% ${p.desc ?? ''}`));
 * ```
 */
export function progress<T>(): OperatorFunction<SubmitEvent<T>, JobProgress> {
  return (source) =>
    source.pipe(
      filter(
        (event): event is StatusEvent & { progress: ProgressUnit[] } =>
          event.type === 'status' && event.progress !== null && event.progress.length > 0,
      ),
      map((event) => {
        const inner = event.progress[event.progress.length - 1] as ProgressUnit;
        return { fraction: fractionOf(inner), units: event.progress, desc: inner.desc };
      }),
    );
}
