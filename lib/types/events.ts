import type { ProgressUnit } from '../protocol/queue-message';
import type { RenderConfig } from './config';
import type { SpaceStatusEvent } from './space';

/**
 * {@link connect$} emits this once the app's config and API are loaded; then it completes.
 * Generic in the client's type so this layer does not depend on the client: users see
 * `ConnectedEvent` (`ConnectedEventOf<GradioClient>`), exported with `GradioClient`.
 */
export interface ConnectedEventOf<Client> {
  /** Discriminant: the client is connected and ready. */
  type: 'connected';
  /** The ready client. */
  client: Client;
}

/**
 * What {@link connect$} emits: for a Space id, Space status events while it wakes, builds or
 * starts (and once when it runs); then the connected client. Users see `ConnectEvent`
 * (`ConnectEventOf<GradioClient>`), exported with `GradioClient`.
 */
export type ConnectEventOf<Client> = SpaceStatusEvent | ConnectedEventOf<Client>;

/** Fields every job event carries. */
export interface JobEventBase {
  /** The endpoint's name (`'/predict'`), or null for an endpoint without one. */
  endpoint: string | null;
  /** The endpoint's fn index. */
  fnIndex: number;
  /** The server's id for the job, once the queue has accepted it (null for unqueued endpoints). */
  eventId: string | null;
  /** When the event was received (ms since the epoch). */
  time: number;
}

/**
 * Where a job is: `pending` (waiting in the queue), `processing` (a worker runs it), `generating`
 * (a generator has sent outputs), `complete`, or `error` (followed by the stream's error).
 */
export type JobStage = 'pending' | 'processing' | 'generating' | 'complete' | 'error';

/** A change of the job's stage, queue position, ETA or progress. */
export interface StatusEvent extends JobEventBase {
  /** Discriminant: a queue/progress status update. */
  type: 'status';
  /** Where the job is now (see {@link JobStage}). */
  stage: JobStage;
  /** Whether the job went through the queue (false for `queue=False` endpoints). */
  queued: boolean;
  /** Place in the queue, 0 = next; null when not waiting or unknown. */
  position: number | null;
  /** Jobs in the queue, when known. */
  queueSize: number | null;
  /** Seconds until the job starts (when pending) or finishes (when processing), when known. */
  eta: number | null;
  /** The `gr.Progress` trackers (outermost first), when the app reports progress. */
  progress: ProgressUnit[] | null;
  /** A human-readable note (the error message on `stage: 'error'`). */
  message: string | null;
  /**
   * On the final status of a streaming job: how its stream ended. `'closed'`: every input
   * completed and the client closed the stream; `'time-limit'`: the server ended it (the
   * endpoint's `time_limit`), the inputs were unsubscribed. Absent on other jobs.
   */
  streamEnd?: 'closed' | 'time-limit';
}

/** Outputs of the endpoint: once for a normal function, once per update for a generator. */
export interface DataEvent<T = unknown[]> extends JobEventBase {
  /** Discriminant: outputs of the endpoint. */
  type: 'data';
  /** The endpoint's outputs in order (session state left out). */
  data: T;
}

/** A message the app showed with `gr.Info`, `gr.Warning`, `gr.Success` (or a logged `gr.Error`). */
export interface LogEvent extends JobEventBase {
  /** Discriminant: a message the app showed. */
  type: 'log';
  /** Which kind of message: `gr.Info`, `gr.Warning`, `gr.Success` or `gr.Error`. */
  level: 'info' | 'warning' | 'success' | 'error';
  /** The message's text. */
  message: string;
  /** The message's title, or null when it has none (always null before Gradio 5). */
  title: string | null;
  /** Seconds the UI would show it; null = until dismissed. */
  duration: number | null;
  /** Whether the UI would show it (false for messages the app logged with `visible=False`). */
  visible: boolean;
}

/** Progress of one file input's upload; all uploads finish before the job's status events. */
export interface UploadEvent extends JobEventBase {
  /** Discriminant: upload progress of a file input. */
  type: 'upload';
  /** The file's name as the app will see it. */
  file: string;
  /** Position of the file among the payload's file inputs. */
  index: number;
  /** File bytes sent so far. */
  loaded: number;
  /** The file's size, when known. */
  total: number | null;
}

/**
 * A `@gr.render` function's result changed the app's API in this client's session: the endpoints
 * in `endpoints` are now callable by name (and listed by `viewApi()`); the ones an earlier run of
 * the same render built are gone. Emitted after the job's data, before its final status.
 */
export interface RenderEvent extends JobEventBase {
  /** Discriminant: a render changed the session's endpoints. */
  type: 'render';
  /** The render block that was rebuilt. */
  renderId: number;
  /** The names of the endpoints that render now provides, e.g. `['/box_0', '/box_1']`. */
  endpoints: string[];
  /** The rendered components and listeners as the server sent them (to draw a UI from). */
  config: RenderConfig;
}

/** Everything `submit$` emits, narrowed by `type`. */
export type SubmitEvent<T = unknown[]> =
  UploadEvent | StatusEvent | DataEvent<T> | LogEvent | RenderEvent;
