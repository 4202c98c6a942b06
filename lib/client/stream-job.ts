import { defer, EMPTY, Observable, Subscription } from 'rxjs';
import { ArgumentError } from '../errors/call-errors';
import { GradioError } from '../errors/gradio-error';
import { buildArguments, toWireData, type Payload } from '../protocol/build-payload';
import {
  advanceChunkPump,
  initialChunkPump,
  type ChunkPumpEffect,
  type ChunkPumpInput,
  type ChunkPumpState,
} from '../protocol/chunk-pump';
import { collectFileInputs } from '../protocol/file-walk';
import { checkStreamChunk } from '../protocol/stream-chunk';
import type { EndpointInfo } from '../types/api-info';
import type { StatusEvent, SubmitEvent } from '../types/events';
import type { SubmitOptions } from '../types/options';
import type { ClientContext } from './client-context';
import { closeStream, sendChunk } from './stream-routes';
import { snapshot, valueAt } from './stream-payload';
import { queuedJob$, type QueuedJobHooks } from './queued-job';
import { withArgsUploaded$ } from './uploaded-args';

/** Uploads the file inputs of `args` (if any), then emits them with the files replaced by their references. */
function uploaded$(
  ctx: ClientContext,
  endpoint: EndpointInfo,
  args: unknown[],
): Observable<unknown[]> {
  return new Observable<unknown[]>((subscriber) =>
    withArgsUploaded$(ctx, endpoint, args, (ready) =>
      defer(() => {
        subscriber.next(ready);
        subscriber.complete();
        return EMPTY;
      }),
    ).subscribe({ error: (error: unknown) => subscriber.error(error) }),
  );
}

/**
 * A job of a stream endpoint whose payload holds Observables (see `submit$`): once every
 * Observable input has a value, the job joins the queue with them (uploading file chunks first);
 * each later emission is a chunk, sent to the running job with all inputs (the latest value of
 * each Observable and the static values) under the backpressure rules of the chunk pump
 * (`lib/protocol/chunk-pump.ts`, `options.chunks`); when every input completed, the stream is
 * closed on the server and the job completes with the server's last result. The final status
 * says how it ended (`streamEnd`: `closed`, or `time-limit` when the server ended it). An input
 * that errors ends the job with that error and closes the stream on the server; unsubscribing
 * cancels the job as for any job.
 *
 * The server is told to end a job one way at a time, never both at once. A job that fails, or is
 * unsubscribed once its stream was closed, is closed (if it was not) and keeps listening, unseen,
 * until the server's last message: it is cancelled only when that takes longer than the cancel
 * grace. Any other unsubscribed job is cancelled, and closed only when its cancel plan leaves it
 * running. A close and a cancel together race on the server (Gradio 6: a cancel that lands while
 * the closed run cleans up cuts the clean-up short, and the event stays registered, taking
 * chunks, for the life of the server).
 */
export function streamJob$(
  ctx: ClientContext,
  endpoint: EndpointInfo,
  payload: Payload,
  keys: Array<number | string>,
  options: SubmitOptions,
): Observable<SubmitEvent> {
  return new Observable<SubmitEvent>((subscriber) => {
    const latest = new Map<number | string, unknown>();
    let pump: ChunkPumpState<unknown[]> = initialChunkPump(options.chunks ?? 'latest');
    let joined: { eventId: string; sessionHash: string } | null = null;
    let closedByClient = false;
    let job: Subscription | null = null;
    // One controller per chunk POST, dropped once it settles: a signal shared by every chunk would
    // gather one abort listener per request (fetch keeps them until garbage collection).
    const sending = new Set<AbortController>();
    // Gradio 5 does not end a stream job without a time limit when its stream is closed.
    const lingersAfterClose = !ctx.closeEndsStream && endpoint.stream?.timeLimit == null;

    const sends = new Subscription();
    /** The job ended on the server (completed or failed): nothing to close any more. */
    let ended = false;
    /**
     * Set while the job waits for the server to end it after the close (see `drain`): the timer
     * that cancels it when the server takes longer than the cancel grace.
     */
    let drainTimer: ReturnType<typeof setTimeout> | undefined;
    /** Results still due, when the drain began, from a chunk sent before it (Gradio 5's rerun follows). */
    let resultsDue = 0;

    /**
     * Closes the stream on the server once; `unanswered` hears of a close nobody answered.
     */
    const close = (unanswered: (cause: unknown, url: string) => void): void => {
      if (!joined || closedByClient) return;
      closedByClient = true;
      const url = `${ctx.apiUrl}/stream/${joined.eventId}/close`;
      closeStream(ctx.http, ctx.apiUrl, joined.eventId, ctx.cancelGrace).catch((cause: unknown) =>
        unanswered(cause, url),
      );
    };
    /** The inputs are done: a close nobody answered fails the job (its end is unknown). */
    const closeAtEnd = (): void =>
      close((cause, url) => {
        if (!subscriber.closed)
          subscriber.error(
            new GradioError(
              'CONNECTION_LOST',
              `Closing the stream at ${url} failed: the app did not answer, so the job's end is unknown. Check the connection and submit again.`,
              { url, endpoint: endpoint.name ?? endpoint.fnIndex, cause },
            ),
          );
      });
    const cancelJob = (): void => {
      clearTimeout(drainTimer);
      job?.unsubscribe();
    };

    /**
     * Lets the server end the job after its close (sent now unless it was): the job keeps
     * listening, unseen, until the server's last message, and is cancelled only when that takes
     * longer than the cancel grace or the close got no answer.
     */
    const drain = (): void => {
      if (drainTimer !== undefined) return;
      resultsDue = pump.inFlight ? 1 : 0;
      drainTimer = setTimeout(cancelJob, ctx.cancelGrace);
      close(cancelJob);
    };

    /** Ends the job on the caller's side with `error`; a job running on the server drains. */
    const fail = (error: unknown): void => {
      if (subscriber.closed) return;
      if (joined && job && !ended) drain();
      subscriber.error(error);
    };

    const dispatch = (input: ChunkPumpInput<unknown[]>): void => {
      const step = advanceChunkPump(pump, input);
      pump = step.state;
      for (const effect of step.effects) perform(effect);
    };

    /** POSTs a chunk whose files are references already (uploaded, or none). */
    const send = (target: { eventId: string; sessionHash: string }, args: unknown[]): void => {
      const request = new AbortController();
      sending.add(request);
      sendChunk(
        ctx.http,
        ctx.apiUrl,
        {
          endpoint,
          eventId: target.eventId,
          sessionHash: target.sessionHash,
          data: toWireData(endpoint, args),
          ...(options.oauthToken !== undefined ? { oauthToken: options.oauthToken } : {}),
        },
        request.signal,
      )
        .catch((error: unknown) => {
          if (!subscriber.closed) fail(error);
        })
        .finally(() => sending.delete(request));
    };

    const perform = (effect: ChunkPumpEffect<unknown[]>): void => {
      const target = joined;
      if (!target) return; // the pump sends only after a result, so the job has joined
      if (effect.type === 'close') return closeAtEnd();
      // The hot path: a chunk without files to upload goes out at once.
      if (collectFileInputs(effect.chunk).length === 0) return send(target, effect.chunk);
      sends.add(
        uploaded$(ctx, endpoint, effect.chunk).subscribe({
          next: (args) => send(target, args),
          error: (error: unknown) => {
            if (!subscriber.closed) fail(error);
          },
        }),
      );
    };

    /** The chunk for the current values, checked like any payload (a typed error when it does not fit). */
    const chunk = (): unknown[] | null => {
      const args = buildArguments(endpoint, snapshot(payload, latest));
      if (args.ok) return args.value;
      fail(args.error);
      return null;
    };

    const hooks: QueuedJobHooks = {
      joined: (eventId, sessionHash) => {
        joined = { eventId, sessionHash };
      },
      // Unsubscribed, and left running on the server: close its stream, or the server waits for
      // chunks until its timeout.
      leftRunning: (eventId, sessionHash) => {
        joined ??= { eventId, sessionHash };
        close(() => undefined);
      },
    };

    const start = (first: unknown[]): void => {
      const job$ = withArgsUploaded$(ctx, endpoint, first, (args) =>
        queuedJob$(ctx, endpoint, toWireData(endpoint, args), options, hooks),
      );
      let lastStatus: StatusEvent | null = null;
      const over = (): void => {
        ended = true;
        clearTimeout(drainTimer);
        dispatch({ type: 'over' });
      };
      job = job$.subscribe({
        next: (event) => {
          if (drainTimer !== undefined) {
            // Draining. Gradio 5 runs the last chunk again for the close, then waits for chunks
            // that will not come: cancel it at that result (after the one of a chunk in flight).
            if (event.type !== 'data' || !lingersAfterClose) return;
            if (resultsDue > 0) resultsDue--;
            else cancelJob();
            return;
          }
          // Whether this event came after the close was sent (the last chunk's own result sends it).
          const afterClose = closedByClient;
          if (event.type === 'data') dispatch({ type: 'result' });
          if (event.type === 'status' && event.stage === 'complete')
            return subscriber.next({
              ...event,
              streamEnd: closedByClient ? 'closed' : 'time-limit',
            });
          if (event.type === 'status') lastStatus = event;
          subscriber.next(event);
          if (event.type === 'data' && afterClose && lingersAfterClose && lastStatus) {
            // The server ran the last chunk again for the close and now waits for chunks that will
            // not come: end the job here (the teardown cancels the server's wait).
            subscriber.next({
              ...lastStatus,
              stage: 'complete',
              position: null,
              eta: null,
              progress: null,
              streamEnd: 'closed',
            });
            subscriber.complete();
          }
        },
        error: (error: unknown) => {
          over();
          subscriber.error(error);
        },
        complete: () => {
          over();
          subscriber.complete();
        },
      });
    };

    const inputs = new Subscription();
    subscriber.add(() => {
      inputs.unsubscribe();
      sends.unsubscribe();
      for (const request of sending) request.abort();
      if (ended || drainTimer !== undefined) return; // over, or draining already
      // Closed already, on a server that ends a closed stream itself: let it (a cancel now would
      // race the close). Otherwise the unsubscribed job is cancelled.
      if (closedByClient && ctx.closeEndsStream && joined && job) drain();
      else cancelJob();
    });
    let pending = keys.length;
    let open = keys.length;
    for (const key of keys) {
      if (subscriber.closed) break;
      const input$ = valueAt(payload, key) as Observable<unknown>;
      inputs.add(
        input$.subscribe({
          next: (value) => {
            const refused = checkStreamChunk(endpoint, key, value);
            if (refused) return fail(refused);
            if (!latest.has(key)) pending--;
            latest.set(key, value);
            if (pending > 0) return;
            const values = chunk();
            if (!values) return;
            if (job) dispatch({ type: 'chunk', chunk: values });
            else start(values);
          },
          error: (error: unknown) => fail(error),
          complete: () => {
            open--;
            if (!job && !latest.has(key))
              return fail(
                new ArgumentError(
                  `A streaming input of ${String(endpoint.name ?? endpoint.fnIndex)} (${typeof key === 'number' ? `argument ${key}` : `"${key}"`}) completed without a value: nothing was sent.`,
                  { endpoint: endpoint.name ?? endpoint.fnIndex },
                ),
              );
            if (open > 0) return;
            if (job) return dispatch({ type: 'inputsDone' });
            fail(
              new ArgumentError(
                `The streaming inputs of ${String(endpoint.name ?? endpoint.fnIndex)} completed before every one had a value: nothing was sent.`,
                { endpoint: endpoint.name ?? endpoint.fnIndex },
              ),
            );
          },
        }),
      );
    }
  });
}
