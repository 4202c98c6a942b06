import { GradioError } from '../errors/gradio-error';

/**
 * The errors a session's jobs fail with when the session's event stream goes wrong, written in one
 * place. Server text passed in must already be redacted.
 */
export const sessionErrors = {
  /** A frame that is not a queue message. */
  malformedEvent: (reason: string): GradioError =>
    new GradioError(
      'PROTOCOL_ERROR',
      `The server sent a malformed event (${reason}); the session's jobs were abandoned.`,
    ),
  /** `unexpected_error` with `session_not_found`: the server evicted the session's queue. */
  sessionNotFound: (): GradioError =>
    new GradioError(
      'CONNECTION_LOST',
      "The server no longer knows this session (it keeps only its most recent sessions' queues, and dropped this one's jobs). Submit again.",
    ),
  /** `unexpected_error` for the whole session. */
  serverFailed: (message: string): GradioError =>
    new GradioError('SERVER_ERROR', `The server failed: ${message}.`),
  /** The stream ended without `close_stream` while jobs were pending. */
  streamEnded: (): GradioError =>
    new GradioError(
      'CONNECTION_LOST',
      'The event stream ended before the job finished; the server dropped the job. Submit it again.',
    ),
  /** An event over the size limit. */
  oversizedEvent: (detail: string, cause: unknown): GradioError =>
    new GradioError(
      'PROTOCOL_ERROR',
      `The server sent an event larger than the limit (${detail}); the session's jobs were abandoned.`,
      { cause },
    ),
  /** The stream's request failed, answered an error status, went idle, or the network broke. */
  streamLost: (
    why: { idleMs: number | false } | { status: number } | 'network',
    cause: unknown,
  ): GradioError => {
    const reason =
      why === 'network'
        ? 'the network connection broke'
        : 'status' in why
          ? `the server answered HTTP ${why.status}`
          : `no data arrived for ${why.idleMs} ms`;
    return new GradioError(
      'CONNECTION_LOST',
      `Lost the connection to the app's event stream (${reason}); the server dropped the session's jobs. Submit again.`,
      { cause, ...(typeof why === 'object' && 'status' in why ? { status: why.status } : {}) },
    );
  },
};
