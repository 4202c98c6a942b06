import type { HttpClient } from '../transport/http-client';
import type { SessionPool } from './session-pool';

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
}
