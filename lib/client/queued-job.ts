import { Observable } from 'rxjs';
import {
  initialJobState,
  reduceJobMessage,
  statusEvent,
  type JobState,
} from '../protocol/job-reducer';
import type { QueueMessage } from '../protocol/queue-message';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitEvent } from '../types/events';
import { registerJob, type ClientContext } from './client-context';
import type { QueueSession } from './queue-session';
import type { JobRequestOptions } from './post-predict';
import { join, postCancel } from './queue-requests';

export type { JobRequestOptions } from './post-predict';

/** How long a cut event stream is given for the server to notice (it checks every 50 ms). */
const DISCONNECT_NOTICE_MS = 150;

/**
 * Cancels an accepted job on the server and resolves once the server confirmed it (its final
 * `process_completed`) or after `cancelGrace` ms. The server's cancel stops every running job of
 * the endpoint in the session, so when another job of the same endpoint shares the session (only
 * possible for stateful endpoints) the job is left to finish and its result is discarded.
 *
 * Servers before Gradio 6.14 do not take a job that is still waiting out of the queue on
 * `/cancel`; it would run later. When nothing else uses the job's session, the session's stream is
 * cut (the server then drops the session's queued jobs), the job is cancelled in case it already
 * runs, and the stream is watched until the server had time to notice, cancelling again if the
 * job starts meanwhile. When the session is shared, the job is cancelled the moment it starts
 * (within the grace period).
 */
function cancelOnServer(
  ctx: ClientContext,
  session: QueueSession,
  endpoint: EndpointInfo,
  eventId: string,
  started: boolean,
  ownJoinPending: boolean,
): Promise<void> {
  if (session.activeJobs(endpoint.fnIndex) > 1) {
    session.unlisten(eventId);
    return Promise.resolve();
  }
  const waiting = !started && !ctx.cancelRemovesQueued;
  const cut = waiting && session.onlyUser(eventId, ownJoinPending);
  return new Promise<void>((resolve) => {
    // Bounded either way: a job left waiting that does not start within the grace period stays
    // queued on an old server (it runs later; its result is discarded).
    const timer = cut ? undefined : setTimeout(() => finish(), ctx.cancelGrace);
    const finish = (): void => {
      clearTimeout(timer);
      session.unlisten(eventId);
      resolve();
    };
    // While cutting, the end of the job is the end of the cut: an old server answers a cancel of
    // a queued job with a stand-in completion, and the job may still start after it.
    const ended = (): void => {
      if (!cut) finish();
    };
    let sent = 0;
    let answered = false;
    const sendCancel = (): void => {
      sent++;
      postCancel(ctx, session.hash, endpoint.fnIndex, eventId).then(() => (answered = true), ended);
    };
    session.listen(eventId, {
      message: (message) => {
        if (message.msg === 'process_completed' || message.msg === 'unexpected_error') ended();
        else if (message.msg === 'process_starts' || message.msg === 'process_generating') {
          // A job left waiting (old servers) is cancelled when it starts. And a cancel that
          // reaches the server between dequeuing the job and starting its task finds nothing to
          // stop (seen on Gradio 5); the job then starts anyway: cancel it once more.
          if (sent === 0 || (answered && sent === 1)) sendCancel();
        }
      },
      fail: ended,
    });
    // Cut first: a cancel answered before would let the server end the stream itself (its stand-in
    // completion was the session's last pending event), and it would never see the cut. Then
    // cancel at once, in case the job is already running.
    if (cut)
      void session.disconnect(DISCONNECT_NOTICE_MS, ctx.cancelGrace, sendCancel).then(finish);
    else if (!waiting) sendCancel();
  });
}

/**
 * One job through the Gradio queue, as a cold Observable of {@link SubmitEvent}s: join, then the
 * session stream's messages for this event id, reduced to status / data / log events; completes
 * on `process_completed`, errors with a typed error on failure. Unsubscribing before the end
 * cancels the job on the server (waiting for the join's event id first if needed).
 */
export function queuedJob$(
  ctx: ClientContext,
  endpoint: EndpointInfo,
  data: unknown[],
  options: JobRequestOptions = {},
): Observable<SubmitEvent> {
  return new Observable<SubmitEvent>((subscriber) => {
    let markReleased!: () => void;
    const whenReleased = new Promise<void>((resolve) => (markReleased = resolve));
    const unregister = registerJob(ctx, subscriber, () => whenReleased);
    if (!unregister) return;
    ctx.onJobStart();
    const session = ctx.sessions.acquire(endpoint);
    let state: JobState = initialJobState(endpoint, null);
    let eventId: string | null = null;
    let finished = false;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      if (eventId) session.unlisten(eventId);
      session.release(endpoint.fnIndex);
      unregister();
      markReleased();
    };
    const onMessage = (message: QueueMessage): void => {
      const step = reduceJobMessage(state, message, Date.now(), ctx.usesDiffs);
      state = step.state;
      if (step.outcome) {
        // Mark the job done before emitting: a subscriber that leaves on the final data event
        // (firstValueFrom) must not trigger a cancel of a job the server has already finished.
        finished = true;
        release();
      }
      for (const event of step.events) subscriber.next(event);
      if (!step.outcome) return;
      if (step.outcome.kind === 'complete') subscriber.complete();
      else subscriber.error(step.outcome.error);
    };

    let cancelling = false;
    const cancel = (id: string, ownJoinPending = false): void => {
      if (cancelling) return;
      cancelling = true;
      const started = state.stage !== 'pending';
      void cancelOnServer(ctx, session, endpoint, id, started, ownJoinPending).then(release);
    };

    session.joinStarted();
    Promise.resolve(session.whenJoinable())
      .then(() => join(ctx, session.hash, endpoint, data, options))
      .then(
        (id) => {
          eventId = id;
          if (!subscriber.closed) {
            state = { ...state, eventId: id };
            subscriber.next(statusEvent(state, Date.now()));
          }
          if (subscriber.closed) {
            // Unsubscribed while the join was in flight (or on the pending event): the server has
            // the job now, so cancel it. Listening first keeps any message that came early.
            cancel(id, true);
            session.joinSettled();
            return;
          }
          session.listen(id, {
            message: onMessage,
            fail: (error) => {
              finished = true;
              release();
              subscriber.error(error);
            },
          });
          session.joinSettled();
        },
        (error: unknown) => {
          finished = true;
          session.joinSettled();
          release();
          subscriber.error(error);
        },
      );

    return () => {
      if (finished || released) return;
      if (eventId) cancel(eventId);
      // else: the join is in flight; its callback cancels once the event id is known.
    };
  });
}
