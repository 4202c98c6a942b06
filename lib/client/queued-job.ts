import { Observable } from 'rxjs';
import { initialJobState } from '../protocol/job-reducer';
import {
  advanceQueuedJob,
  initialQueuedJob,
  type QueuedJobEffect,
  type QueuedJobInput,
  type QueuedJobState,
} from '../protocol/queued-job-machine';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitEvent } from '../types/events';
import { registerJob, type ClientContext } from './client-context';
import { postCancel, queueJoin, type JobRequestOptions } from './gradio-routes';

/** A job's event id and the session it runs in. */
export type JobHook = (eventId: string, sessionHash: string) => void;

/** What a streaming job needs to hear from its queued job. */
export interface QueuedJobHooks {
  /**
   * The job has its event id and listens for its messages (a streaming job sends its chunks to
   * that event, in that session).
   */
  readonly joined?: JobHook;
  /**
   * The job lost its subscribers but is left to run on the server (a sibling of the same endpoint
   * shares its session, and the server's cancel would stop both).
   */
  readonly leftRunning?: JobHook;
}

/** How long a cut event stream is given for the server to notice (it checks every 50 ms). */
const DISCONNECT_NOTICE_MS = 150;

/**
 * One job through the Gradio queue, as a cold Observable of {@link SubmitEvent}s: join, then the
 * session stream's messages for this event id, reduced to status / data / log events; completes
 * on `process_completed`, errors with a typed error on failure. Unsubscribing before the end
 * cancels the job on the server (waiting for the join's event id first if needed).
 *
 * The rules live in the pure machine `advanceQueuedJob` (lib/protocol/queued-job-machine.ts);
 * this function only feeds it inputs (join answers, stream messages, unsubscribe, cancel answers,
 * timers) and carries out its effects. `hooks` hear the event id once the job listens, and
 * when an unsubscribed job is left running on the server.
 */
export function queuedJob$(
  ctx: ClientContext,
  endpoint: EndpointInfo,
  data: unknown[],
  options: JobRequestOptions = {},
  hooks: QueuedJobHooks = {},
): Observable<SubmitEvent> {
  return new Observable<SubmitEvent>((subscriber) => {
    let markReleased!: () => void;
    const whenReleased = new Promise<void>((resolve) => (markReleased = resolve));
    const unregister = registerJob(ctx, subscriber, () => whenReleased);
    if (!unregister) return;
    ctx.onJobStart();
    const lease = ctx.sessions.acquire(endpoint);
    let state: QueuedJobState = initialQueuedJob(initialJobState(endpoint, null), {
      usesDiffs: ctx.usesDiffs,
      cancelRemovesQueued: ctx.cancelRemovesQueued,
    });
    let grace: ReturnType<typeof setTimeout> | undefined;
    const cancels: Promise<void>[] = [];

    const dispatch = (input: QueuedJobInput): void => {
      const step = advanceQueuedJob(state, input, Date.now());
      state = step.state;
      for (const effect of step.effects) perform(effect);
    };
    const eventId = (): string => state.job.eventId as string;

    const perform = (effect: QueuedJobEffect): void => {
      switch (effect.type) {
        case 'emit':
          subscriber.next(effect.event);
          return;
        case 'complete':
          subscriber.complete();
          return;
        case 'error':
          subscriber.error(effect.error);
          return;
        case 'listen':
          // Before listening: listening replays early messages at once (a stream job's first
          // result may already be there, and the job then sends to this event id).
          hooks.joined?.(eventId(), lease.hash);
          lease.listen(eventId(), {
            message: (message) => dispatch({ type: 'message', message }),
            fail: (error) => dispatch({ type: 'streamFailed', error }),
          });
          return;
        case 'postCancel':
          cancels.push(
            postCancel(
              ctx.http,
              ctx.apiUrl,
              { sessionHash: lease.hash, fnIndex: endpoint.fnIndex, eventId: eventId() },
              ctx.cancelGrace,
            ).then(
              () => dispatch({ type: 'cancelAnswered' }),
              () => dispatch({ type: 'cancelFailed' }),
            ),
          );
          return;
        case 'startGrace':
          grace = setTimeout(() => dispatch({ type: 'graceElapsed' }), ctx.cancelGrace);
          return;
        case 'cutStream':
          void lease.session
            .disconnect(DISCONNECT_NOTICE_MS, ctx.cancelGrace)
            .then(() => dispatch({ type: 'cutSettled' }));
          return;
        case 'leftRunning':
          hooks.leftRunning?.(eventId(), lease.hash);
          return;
        case 'release':
          clearTimeout(grace);
          lease.dispose();
          // The server may confirm the job's end before it answers the cancel: the job counts as
          // released (for close()) once its cancel requests are answered too (bounded by their timeout).
          void Promise.allSettled(cancels).then(() => {
            unregister();
            markReleased();
          });
          return;
      }
    };

    lease.beginJoin();
    Promise.resolve(lease.session.whenJoinable())
      .then(() =>
        queueJoin(ctx.http, ctx.apiUrl, { endpoint, sessionHash: lease.hash, data }, options),
      )
      .then(
        (id) => dispatch({ type: 'joined', eventId: id, session: lease.facts() }),
        (error: unknown) => dispatch({ type: 'joinFailed', error }),
      );

    return () => dispatch({ type: 'unsubscribed', session: lease.facts() });
  });
}
