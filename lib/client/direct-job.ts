import { Observable } from 'rxjs';
import { AppError } from '../errors/job-errors';
import { GradioError } from '../errors/gradio-error';
import { fromWireData } from '../protocol/build-payload';
import { errorForJoinResponse, parseJsonText } from '../protocol/http-failures';
import { initialJobState, statusEvent, type JobState } from '../protocol/job-reducer';
import { joinUrl } from '../protocol/url';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitEvent } from '../types/events';
import { registerJob, type ClientContext } from './client-context';
import { postPredict, type JobRequestOptions } from './post-predict';

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
    const ref = endpoint.name ?? endpoint.fnIndex;
    const url = joinUrl(ctx.apiUrl, `run/${endpoint.name ? endpoint.name.slice(1) : 'predict'}`);
    let state: JobState = { ...initialJobState(endpoint, null), stage: 'processing' };
    subscriber.next(statusEvent(state, Date.now()));
    const session = ctx.sessions.primary;
    postPredict(
      ctx,
      url,
      { fnIndex: endpoint.fnIndex, sessionHash: session.hash, data },
      options,
      controller.signal,
    )
      .then(async (response) => {
        const text = await response.text();
        const body = parseJsonText(text) as
          { data?: unknown; error?: unknown; title?: unknown } | undefined;
        if (response.status === 500 && body && 'error' in body) {
          throw new AppError(
            typeof body.error === 'string' ? body.error : null,
            typeof body.title === 'string' ? body.title : null,
            { endpoint: ref, url },
          );
        }
        if (!response.ok)
          throw errorForJoinResponse(response.status, ctx.http.redact(text), url, ref);
        if (!body || !Array.isArray(body.data))
          throw new GradioError('PROTOCOL_ERROR', `${url} answered without output data.`, {
            url,
            endpoint: ref,
          });
        const now = Date.now();
        subscriber.next({
          type: 'data',
          endpoint: endpoint.name,
          fnIndex: endpoint.fnIndex,
          eventId: null,
          time: now,
          data: fromWireData(endpoint, body.data),
        });
        state = { ...state, stage: 'complete' };
        subscriber.next(statusEvent(state, now));
        subscriber.complete();
      })
      .catch((error: unknown) => {
        if (subscriber.closed) return;
        if (error instanceof GradioError) subscriber.error(error);
        else
          subscriber.error(
            new GradioError(
              'CONNECTION_LOST',
              `The call to ${url} failed: the app did not answer.`,
              { url, endpoint: ref, cause: error },
            ),
          );
      });
    return () => controller.abort();
  });
}
