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
