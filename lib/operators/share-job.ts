import {
  share,
  Subject,
  Observable,
  type MonoTypeOperatorFunction,
  type Observer,
  type SubjectLike,
  type Unsubscribable,
} from 'rxjs';
import type { SubmitEvent } from '../types/events';

/**
 * A subject that remembers the job's latest status and latest data event and hands them (in the
 * order they happened) to each new subscriber before the live events, then the end of the job.
 */
class LatestJobEvents<T> implements SubjectLike<SubmitEvent<T>> {
  private readonly live = new Subject<SubmitEvent<T>>();
  private lastStatus: SubmitEvent<T> | undefined;
  private lastData: SubmitEvent<T> | undefined;
  private dataAfterStatus = false;

  next(event: SubmitEvent<T>): void {
    if (event.type === 'status') {
      this.lastStatus = event;
      this.dataAfterStatus = false;
    } else if (event.type === 'data') {
      this.lastData = event;
      this.dataAfterStatus = true;
    }
    this.live.next(event);
  }

  error(error: unknown): void {
    this.live.error(error);
  }

  complete(): void {
    this.live.complete();
  }

  subscribe(observer: Partial<Observer<SubmitEvent<T>>>): Unsubscribable {
    return new Observable<SubmitEvent<T>>((subscriber) => {
      const snapshot = this.dataAfterStatus
        ? [this.lastStatus, this.lastData]
        : [this.lastData, this.lastStatus];
      for (const event of snapshot) if (event) subscriber.next(event);
      return this.live.subscribe(subscriber);
    }).subscribe(observer);
  }
}

/**
 * Makes one job's event stream multicast, with these semantics (used by `submit$`):
 * - the job starts when the first subscriber arrives;
 * - later subscribers join the same job and first receive its latest status and latest data;
 * - a subscriber arriving after the job ended receives that snapshot and the same completion or
 *   error: the job is never run again;
 * - when the last subscriber leaves before the end, the source is unsubscribed (which cancels the
 *   job on the server); subscribing again afterwards submits a new job.
 *
 * @example
 * ```ts
 * const job$ = client.submit$('/count', [10]); // already shared
 * job$.pipe(onlyData()).subscribe(render);
 * job$.pipe(onlyStatus()).subscribe(showSpinner); // same job, no second request
 * ```
 */
export function shareJob<T>(): MonoTypeOperatorFunction<SubmitEvent<T>> {
  return share<SubmitEvent<T>>({
    connector: () => new LatestJobEvents<T>(),
    resetOnError: false,
    resetOnComplete: false,
    resetOnRefCountZero: true,
  });
}
