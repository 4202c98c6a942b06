import type { GradioError } from '../errors/gradio-error';
import type { SubmitEvent } from '../types/events';
import { reduceJobMessage, statusEvent, type JobState } from './job-reducer';
import type { QueueMessage } from './queue-message';

/**
 * How an unsubscribed job is taken off the server:
 * - `abandon`: another job of the same endpoint runs in the session, and the server's cancel would
 *   stop it too; the job is left to finish and its result discarded.
 * - `cancel`: `POST /cancel` now, then wait for the server's final message (or the grace period).
 * - `cancel-on-start`: the job still waits in the queue of a server whose cancel leaves waiting
 *   jobs queued (before Gradio 6.14), and the session is shared: cancel it the moment it starts.
 * - `cut`: same server generation, but nothing else uses the session: cut the session's stream
 *   (the server then drops its queued jobs), wait until the server had time to notice, then cancel
 *   in case the job started meanwhile (at once if it is seen starting before the cut).
 */
export type CancelPlan = 'abandon' | 'cancel' | 'cancel-on-start' | 'cut';

/** Where a queued job is in its life. */
export type QueuedJobPhase =
  /** The join request is in flight; `unsubscribed` once the subscriber left meanwhile. */
  | { readonly name: 'joining'; readonly unsubscribed: boolean }
  /** Joined: the session stream's messages for the job's event id are reduced to events. */
  | { readonly name: 'listening' }
  /**
   * The subscriber left; the job is being taken off the server. `sent` counts cancel requests,
   * `answered` whether the first one was answered.
   */
  | {
      readonly name: 'cancelling';
      readonly plan: Exclude<CancelPlan, 'abandon'>;
      readonly sent: number;
      readonly answered: boolean;
    }
  /** Done: the session lease is given back; every later input is ignored. */
  | { readonly name: 'released' };

/** What the server generation decides for every job. */
export interface ServerRules {
  /** Generator updates are diffs (protocol sse_v2 and later). */
  readonly usesDiffs: boolean;
  /** `/cancel` also removes a job still waiting in the queue (Gradio >= 6.14). */
  readonly cancelRemovesQueued: boolean;
}

/** The whole state of one queued job between inputs. */
export interface QueuedJobState {
  readonly phase: QueuedJobPhase;
  /** The reducer's view of the job (stage, queue position, generator outputs). */
  readonly job: JobState;
  readonly rules: ServerRules;
}

/** What the session looks like at the moment a cancel is decided. */
export interface SessionFacts {
  /** Other jobs of the same endpoint active in the session (a server cancel would stop them). */
  readonly siblings: number;
  /** Nothing but this job uses the session (no other job reserved, joining or listening). */
  readonly onlyUser: boolean;
}

/** What happens to a queued job, with the time it happened (ms since the epoch). */
export type QueuedJobInput =
  | { readonly type: 'joined'; readonly eventId: string; readonly session: SessionFacts }
  | { readonly type: 'joinFailed'; readonly error: unknown }
  | { readonly type: 'message'; readonly message: QueueMessage }
  | { readonly type: 'streamFailed'; readonly error: GradioError }
  | { readonly type: 'unsubscribed'; readonly session: SessionFacts }
  | { readonly type: 'cancelAnswered' }
  | { readonly type: 'cancelFailed' }
  | { readonly type: 'graceElapsed' }
  /** The server had time to notice the cut (plan `cut`): the job is off the server. */
  | { readonly type: 'cutSettled' };

/** What the interpreter must do, in order. */
export type QueuedJobEffect =
  | { readonly type: 'emit'; readonly event: SubmitEvent }
  | { readonly type: 'complete' }
  | { readonly type: 'error'; readonly error: unknown }
  /** Route the job's messages and stream failures (event id `job.eventId`) to the machine. */
  | { readonly type: 'listen' }
  /** `POST /cancel` for the job; answer with `cancelAnswered` or `cancelFailed`. */
  | { readonly type: 'postCancel' }
  /** Start the grace timer; answer with `graceElapsed`. */
  | { readonly type: 'startGrace' }
  /** Cut the session's stream; answer with `cutSettled` once the server had time to notice. */
  | { readonly type: 'cutStream' }
  /** Stop listening and timers, give the session lease back, unregister from the client. */
  | { readonly type: 'release' }
  /**
   * The job is left running on the server (plan `abandon`): nothing stops it there. A stream job
   * closes its stream on this, so the server does not wait for chunks until its timeout.
   */
  | { readonly type: 'leftRunning' };

export interface QueuedJobStep {
  readonly state: QueuedJobState;
  readonly effects: readonly QueuedJobEffect[];
}

/** A job whose join request has just been sent. */
export function initialQueuedJob(job: JobState, rules: ServerRules): QueuedJobState {
  return { phase: { name: 'joining', unsubscribed: false }, job, rules };
}

const RELEASED: QueuedJobPhase = { name: 'released' };
const stay = (state: QueuedJobState): QueuedJobStep => ({ state, effects: [] });
const released = (state: QueuedJobState, effects: QueuedJobEffect[]): QueuedJobStep => ({
  state: { ...state, phase: RELEASED },
  effects: [{ type: 'release' }, ...effects],
});

/** The cancel plan for a job that lost its last subscriber, from its stage and its session. */
export function cancelPlan(job: JobState, rules: ServerRules, session: SessionFacts): CancelPlan {
  if (session.siblings > 0) return 'abandon';
  const waiting = job.stage === 'pending' && !rules.cancelRemovesQueued;
  if (!waiting) return 'cancel';
  return session.onlyUser ? 'cut' : 'cancel-on-start';
}

/** Starts taking the job off the server. `listen`: the job is not listening yet (just joined). */
function startCancel(state: QueuedJobState, session: SessionFacts, listen: boolean): QueuedJobStep {
  const plan = cancelPlan(state.job, state.rules, session);
  if (plan === 'abandon') return released(state, [{ type: 'leftRunning' }]);
  const first: QueuedJobEffect[] = listen ? [{ type: 'listen' }] : [];
  // Cut first, cancel once the server noticed: an old server answers the cancel of a waiting job
  // by putting a stand-in completion on the session's stream; read before the cut is noticed, it
  // ends the stream as finished, the server never sees the cut, and the job stays queued.
  if (plan === 'cut')
    return {
      state: { ...state, phase: { name: 'cancelling', plan, sent: 0, answered: false } },
      effects: [...first, { type: 'cutStream' }],
    };
  // Bounded either way: a job left waiting that does not start within the grace period stays
  // queued on an old server (it runs later; its result is discarded).
  const now = plan === 'cancel';
  return {
    state: { ...state, phase: { name: 'cancelling', plan, sent: now ? 1 : 0, answered: false } },
    effects: [...first, { type: 'startGrace' }, ...(now ? [{ type: 'postCancel' } as const] : [])],
  };
}

type Cancelling = Extract<QueuedJobPhase, { name: 'cancelling' }>;

function sendCancel(state: QueuedJobState, phase: Cancelling): QueuedJobStep {
  return {
    state: { ...state, phase: { ...phase, sent: phase.sent + 1 } },
    effects: [{ type: 'postCancel' }],
  };
}

/**
 * The end of the job as far as the cancel goes (its final message, a failed stream or cancel): a
 * plan that waits for it is done; a cut ends only when the server had time to notice it, since an
 * old server answers a cancel of a queued job with a stand-in completion and may start it after.
 */
const ended = (state: QueuedJobState, phase: Cancelling): QueuedJobStep =>
  phase.plan === 'cut' ? stay(state) : released(state, []);

function whileCancelling(
  state: QueuedJobState,
  phase: Cancelling,
  input: QueuedJobInput,
): QueuedJobStep {
  switch (input.type) {
    case 'message': {
      const msg = input.message.msg;
      if (msg === 'process_completed' || msg === 'unexpected_error') return ended(state, phase);
      // A job left waiting (old servers) is cancelled when it starts. And a cancel that reaches
      // the server between dequeuing the job and starting its task finds nothing to stop (seen on
      // Gradio 5); the job then starts anyway: cancel it once more.
      if (
        (msg === 'process_starts' || msg === 'process_generating') &&
        (phase.sent === 0 || (phase.answered && phase.sent === 1))
      )
        return sendCancel(state, phase);
      return stay(state);
    }
    case 'cancelAnswered':
      return stay({ ...state, phase: { ...phase, answered: true } });
    case 'streamFailed':
      // The stream reopened after a cut failed: the server dropped the session, so it noticed the
      // cut. A job that started meanwhile is stopped now rather than when the cut settles.
      if (phase.plan === 'cut' && phase.sent === 0) return sendCancel(state, phase);
      return ended(state, phase);
    case 'cancelFailed':
      return ended(state, phase);
    case 'graceElapsed':
      return phase.plan === 'cut' ? stay(state) : released(state, []);
    case 'cutSettled':
      if (phase.plan !== 'cut') return stay(state);
      // The queued job is gone; a job that started unseen is stopped by this last cancel.
      if (phase.sent > 0) return released(state, []);
      return {
        state: { ...state, phase: RELEASED },
        effects: [{ type: 'postCancel' }, { type: 'release' }],
      };
    default:
      return stay(state);
  }
}

function whileListening(state: QueuedJobState, input: QueuedJobInput, now: number): QueuedJobStep {
  switch (input.type) {
    case 'message': {
      const step = reduceJobMessage(state.job, input.message, now, state.rules.usesDiffs);
      const next = { ...state, job: step.state };
      const events = step.events.map((event): QueuedJobEffect => ({ type: 'emit', event }));
      if (!step.outcome) return { state: next, effects: events };
      // Released before the events go out: a subscriber that leaves on the final data event
      // (firstValueFrom) must not trigger a cancel of a job the server has already finished.
      const end: QueuedJobEffect =
        step.outcome.kind === 'complete'
          ? { type: 'complete' }
          : { type: 'error', error: step.outcome.error };
      return released(next, [...events, end]);
    }
    case 'streamFailed':
      return released(state, [{ type: 'error', error: input.error }]);
    case 'unsubscribed':
      return startCancel(state, input.session, false);
    default:
      return stay(state);
  }
}

/**
 * Advances one queued job by one input. Pure: time is passed in, the next state and the effects
 * for the interpreter (`lib/client/queued-job.ts`) come out; no I/O, no timers.
 *
 * joining → listening on `joined` (emits the pending status with the event id), or → released on
 * `joinFailed`; an `unsubscribed` while joining is remembered and the cancel starts once the event
 * id is known. listening → released on the job's final message or a failed stream; → cancelling
 * on `unsubscribed`, with the {@link CancelPlan} the job's stage and session call for. cancelling
 * → released when its plan is through (final message, failed cancel or stream, grace period, or a
 * settled cut).
 */
export function advanceQueuedJob(
  state: QueuedJobState,
  input: QueuedJobInput,
  now: number,
): QueuedJobStep {
  const phase = state.phase;
  switch (phase.name) {
    case 'joining':
      if (input.type === 'joinFailed')
        return released(state, [{ type: 'error', error: input.error }]);
      if (input.type === 'unsubscribed')
        return stay({ ...state, phase: { name: 'joining', unsubscribed: true } });
      if (input.type !== 'joined') return stay(state);
      {
        const joined = { ...state, job: { ...state.job, eventId: input.eventId } };
        // Unsubscribed while the join was in flight: the server has the job now, so cancel it.
        // Listening first keeps any message that came early.
        if (phase.unsubscribed) return startCancel(joined, input.session, true);
        // The status first: messages that came early are replayed on `listen` and follow it.
        return {
          state: { ...joined, phase: { name: 'listening' } },
          effects: [{ type: 'emit', event: statusEvent(joined.job, now) }, { type: 'listen' }],
        };
      }
    case 'listening':
      return whileListening(state, input, now);
    case 'cancelling':
      return whileCancelling(state, phase, input);
    case 'released':
      return stay(state);
  }
}
