import type { Subscriber } from 'rxjs';
import type { GradioError } from '../errors/gradio-error';
import type { HttpClient } from '../transport/http-client';
import type { SessionPool } from './session-pool';

/** A running job, as its client sees it: `close` ends it (cancelling on the server) and resolves once released. */
export interface JobHandle {
  close(error: GradioError): Promise<void>;
}

/** What a job needs from its client. */
export interface ClientContext {
  /** The app's API base URL (root + prefix). */
  apiUrl: string;
  http: HttpClient;
  sessions: SessionPool;
  /** Whether generator updates are diffs (protocol sse_v2 and later). */
  usesDiffs: boolean;
  /** Whether the server's `/cancel` also removes a job still waiting in the queue (Gradio >= 6.14). */
  cancelRemovesQueued: boolean;
  /** Whether closing a stream job's stream ends the job on the server (Gradio >= 6; see server-features). */
  closeEndsStream: boolean;
  /** How long to wait for the server to confirm a cancel before releasing the session (ms). */
  cancelGrace: number;
  /** Jobs that have started and not been released. */
  jobs: Set<JobHandle>;
  /** The error new jobs fail with once the client is closed, else null. */
  closedError(): GradioError | null;
  /** The app's upload limit in bytes (`max_file_size`), or null. */
  maxFileSize: number | null;
  /** Called when a job starts in a session (the client keeps that session's heartbeat). */
  onJobStart(): void;
}

/**
 * Registers a starting job with its client so `close()` can end it: refuses (errors the
 * subscriber, returns null) when the client is already closed. Otherwise returns the function
 * that unregisters the job; `close()` errors the subscriber and waits for `whenReleased()`.
 */
export function registerJob(
  ctx: ClientContext,
  subscriber: Subscriber<unknown>,
  whenReleased: () => Promise<void>,
): (() => void) | null {
  const closed = ctx.closedError();
  if (closed) {
    subscriber.error(closed);
    return null;
  }
  const handle: JobHandle = {
    close: (error) => {
      if (!subscriber.closed) subscriber.error(error);
      return whenReleased();
    },
  };
  ctx.jobs.add(handle);
  return () => ctx.jobs.delete(handle);
}
