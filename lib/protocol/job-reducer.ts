import { appFailure } from '../errors/job-errors';
import { GradioError } from '../errors/gradio-error';
import type { EndpointInfo } from '../types/api-info';
import type { JobStage, StatusEvent, SubmitEvent } from '../types/events';
import { applyDiff, DiffError, type DiffOp } from './apply-diff';
import { fromWireData } from './build-payload';
import type { QueueMessage } from './queue-message';
import { parseRenderConfig, renderedNames } from './render-config';

/** What the reducer knows about one job between messages. */
export interface JobState {
  readonly endpoint: EndpointInfo;
  readonly eventId: string | null;
  readonly stage: JobStage;
  /** The full wire outputs after the last generator update (diffs apply to this). */
  readonly generated: readonly unknown[] | null;
  readonly position: number | null;
  readonly queueSize: number | null;
  readonly eta: number | null;
}

/** How a message ended the job, if it did. */
export type JobOutcome = { kind: 'complete' } | { kind: 'error'; error: GradioError };

export interface JobStep {
  state: JobState;
  events: SubmitEvent[];
  outcome?: JobOutcome;
}

export function initialJobState(endpoint: EndpointInfo, eventId: string | null): JobState {
  return {
    endpoint,
    eventId,
    stage: 'pending',
    generated: null,
    position: null,
    queueSize: null,
    eta: null,
  };
}

const ref = (state: JobState): string | number => state.endpoint.name ?? state.endpoint.fnIndex;

/** Builds a status event from the state (fields can be overridden). */
export function statusEvent(
  state: JobState,
  now: number,
  patch: Partial<StatusEvent> = {},
): StatusEvent {
  return {
    type: 'status',
    endpoint: state.endpoint.name,
    fnIndex: state.endpoint.fnIndex,
    eventId: state.eventId,
    time: now,
    stage: state.stage,
    queued: state.endpoint.queued,
    position: state.position,
    queueSize: state.queueSize,
    eta: state.eta,
    progress: null,
    message: null,
    ...patch,
  };
}

function dataEvent(state: JobState, wire: readonly unknown[], now: number): SubmitEvent {
  return {
    type: 'data',
    endpoint: state.endpoint.name,
    fnIndex: state.endpoint.fnIndex,
    eventId: state.eventId,
    time: now,
    data: fromWireData(state.endpoint, wire),
  };
}

function applyUpdate(previous: readonly unknown[] | null, data: unknown[]): unknown[] {
  // The first update of a job carries full values; later ones carry one edit list per output.
  if (previous === null) return data;
  return data.map((edits, i) => {
    if (!Array.isArray(edits)) throw new DiffError(`output ${i} of an update is not an edit list`);
    return applyDiff(i < previous.length ? previous[i] : null, edits as DiffOp[]);
  });
}

const sameJson = (a: readonly unknown[] | null, b: readonly unknown[]): boolean =>
  a !== null && JSON.stringify(a) === JSON.stringify(b);

function failed(state: JobState, now: number, error: GradioError): JobStep {
  const next = { ...state, stage: 'error' as const };
  return {
    state: next,
    events: [statusEvent(next, now, { message: error.message })],
    outcome: { kind: 'error', error },
  };
}

/**
 * Advances one job by one message of its event stream. Pure: returns the next state, the events
 * to emit, and the outcome when the message ends the job (complete, or a typed error).
 *
 * Generator updates are diffed against the previous full value (`usesDiffs`, protocol sse_v2+);
 * the final `process_completed` carries full values and is emitted only when it differs from the
 * last update (a generator's last yield is not delivered twice). A cancel that someone else made
 * (`process_completed` with an empty output) ends the job with `JOB_CANCELLED`, never as success.
 */
export function reduceJobMessage(
  state: JobState,
  message: QueueMessage,
  now: number,
  usesDiffs = true,
): JobStep {
  switch (message.msg) {
    case 'estimation': {
      const next = {
        ...state,
        position: message.rank,
        queueSize: message.queueSize,
        eta: message.rankEta,
      };
      return { state: next, events: [statusEvent(next, now)] };
    }
    case 'process_starts': {
      const next = { ...state, stage: 'processing' as const, position: null, eta: message.eta };
      return { state: next, events: [statusEvent(next, now)] };
    }
    case 'progress': {
      const next =
        state.stage === 'pending'
          ? { ...state, stage: 'processing' as const, position: null }
          : state;
      return { state: next, events: [statusEvent(next, now, { progress: message.progress })] };
    }
    case 'log':
      return {
        state,
        events: [
          {
            type: 'log',
            endpoint: state.endpoint.name,
            fnIndex: state.endpoint.fnIndex,
            eventId: state.eventId,
            time: now,
            level: message.level,
            message: message.text,
            title: message.title,
            duration: message.duration,
            visible: message.visible,
          },
        ],
      };
    case 'process_generating':
    case 'process_streaming': {
      const data = message.output.data;
      if (!Array.isArray(data))
        return failed(
          state,
          now,
          new GradioError('PROTOCOL_ERROR', 'The server sent an update without data.', {
            endpoint: ref(state),
          }),
        );
      let wire: unknown[];
      try {
        wire =
          message.msg === 'process_generating' && usesDiffs
            ? applyUpdate(state.generated, data)
            : data;
      } catch (error) {
        return failed(
          state,
          now,
          new GradioError(
            'PROTOCOL_ERROR',
            `The server sent a generator update that does not apply: ${(error as Error).message}.`,
            { endpoint: ref(state), cause: error },
          ),
        );
      }
      const events: SubmitEvent[] = [];
      const next: JobState = {
        ...state,
        stage: 'generating',
        generated: wire,
        position: null,
        eta: message.output.average_duration ?? state.eta,
      };
      if (state.stage !== 'generating') events.push(statusEvent(next, now));
      events.push(dataEvent(next, wire, now));
      return { state: next, events };
    }
    case 'process_completed': {
      if (!message.success) {
        const error = appFailure(
          message.output.error,
          message.title ?? message.output.title ?? null,
          { endpoint: ref(state) },
        );
        return failed(state, now, error);
      }
      const data = message.output.data;
      if (!Array.isArray(data)) {
        return failed(
          state,
          now,
          new GradioError(
            'JOB_CANCELLED',
            `The job on ${String(ref(state))} was cancelled on the server before it finished.`,
            { endpoint: ref(state) },
          ),
        );
      }
      const next: JobState = {
        ...state,
        stage: 'complete',
        generated: null,
        position: null,
        eta: message.output.average_duration ?? null,
      };
      const events: SubmitEvent[] = [];
      if (!sameJson(state.generated, data)) events.push(dataEvent(next, data, now));
      const render = parseRenderConfig(message.output.render_config);
      if (render) {
        events.push({
          type: 'render',
          endpoint: state.endpoint.name,
          fnIndex: state.endpoint.fnIndex,
          eventId: state.eventId,
          time: now,
          renderId: render.renderId,
          endpoints: renderedNames(render),
          config: render,
        });
      }
      events.push(statusEvent(next, now));
      return { state: next, events, outcome: { kind: 'complete' } };
    }
    case 'unexpected_error':
      return failed(
        state,
        now,
        new GradioError(
          'SERVER_ERROR',
          `The server failed while running the job: ${message.message}`,
          { endpoint: ref(state) },
        ),
      );
    case 'heartbeat':
    case 'close_stream':
    case 'unknown':
      return { state, events: [] };
  }
}
