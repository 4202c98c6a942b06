import { Observable } from 'rxjs';
import { fromWireData } from '../protocol/build-payload';
import { initialJobState, statusEvent, type JobState } from '../protocol/job-reducer';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitEvent } from '../types/events';
import { registerJob, type ClientContext } from './client-context';
import { runUnqueued, type JobRequestOptions } from './gradio-routes';

/**
 * A call to an endpoint that skips the queue (`queue=False`): one `POST {api}/run/{name}`, no queue
 * position, no progress. Emits processing, data, complete. Unsubscribing aborts the request (the
 * server offers no cancel for these).
 */
export function directJob$(
  ctx: ClientContext,
  endpoint: EndpointInfo,
  data: unknown[],
  options: JobRequestOptions = {},
): Observable<SubmitEvent> {
  return new Observable<SubmitEvent>((subscriber) => {
    const unregister = registerJob(ctx, subscriber, () => Promise.resolve());
    if (!unregister) return;
    subscriber.add(unregister);
    const controller = new AbortController();
    let state: JobState = { ...initialJobState(endpoint, null), stage: 'processing' };
    subscriber.next(statusEvent(state, Date.now()));
    const sessionHash = ctx.sessions.primary.hash;
    runUnqueued(ctx.http, ctx.apiUrl, { endpoint, sessionHash, data }, options, controller.signal)
      .then((output) => {
        const now = Date.now();
        subscriber.next({
          type: 'data',
          endpoint: endpoint.name,
          fnIndex: endpoint.fnIndex,
          eventId: null,
          time: now,
          data: fromWireData(endpoint, output),
        });
        state = { ...state, stage: 'complete' };
        subscriber.next(statusEvent(state, now));
        subscriber.complete();
      })
      .catch((error: unknown) => {
        if (!subscriber.closed) subscriber.error(error);
      });
    return () => controller.abort();
  });
}
