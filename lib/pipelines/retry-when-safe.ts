import { retry, timer, type MonoTypeOperatorFunction } from 'rxjs';
import { isGradioError, type GradioErrorCode } from '../errors/gradio-error';
import { ZeroGpuError } from '../errors/zerogpu-error';

/**
 * Errors after which running the same call again is safe: the job never ran (queue full, rate
 * limited, app unreachable, a ZeroGPU Space out of quota or without a free GPU) or the server
 * dropped it when the connection broke. `ZEROGPU_ABORTED` is left out (the task ran and was
 * stopped, and would likely be again), as are app errors and bad arguments.
 */
export const SAFE_TO_RETRY: readonly GradioErrorCode[] = [
  'QUEUE_FULL',
  'TOO_MANY_REQUESTS',
  'APP_UNREACHABLE',
  'CONNECTION_LOST',
  'ZEROGPU_QUOTA',
  'ZEROGPU_UNAVAILABLE',
];

/** Options of {@link retryWhenSafe}; every field has a default. */
export interface RetryWhenSafeConfig {
  /**
   * How many retries at most.
   * @default 5
   */
  count?: number;
  /**
   * Delay before the first retry (ms); doubles each time.
   * @default 500
   */
  delay?: number;
  /**
   * Longest delay (ms).
   * @default 10000
   */
  maxDelay?: number;
  /**
   * Which error codes to retry. App errors, bad arguments and the like are never retried by default:
   * running them again gives the same answer.
   * @default SAFE_TO_RETRY
   */
  codes?: readonly GradioErrorCode[];
  /**
   * Longest wait (ms) a `ZEROGPU_QUOTA` error's own retry-after may ask for: a quota that comes
   * back later than this is not waited for (the error passes through). Without a retry-after the
   * backoff applies.
   * @default 60000
   */
  maxRetryAfter?: number;
}

/**
 * Retries with exponential backoff, only on errors where retrying is safe (see
 * {@link SAFE_TO_RETRY}); any other error passes through at once. A ZeroGPU quota error that says
 * when the quota comes back is retried then (up to `maxRetryAfter`). A job stream is shared and
 * remembers its error, so apply this to a factory: `defer(() => client.predict$(...))`.
 *
 * @example
 * ```ts
 * defer(() => client.predict$('/generate', [prompt])).pipe(retryWhenSafe({ count: 3 }))
 * ```
 */
export function retryWhenSafe<T>(config: RetryWhenSafeConfig = {}): MonoTypeOperatorFunction<T> {
  const codes = new Set(config.codes ?? SAFE_TO_RETRY);
  const first = config.delay ?? 500;
  const max = config.maxDelay ?? 10_000;
  const maxRetryAfter = config.maxRetryAfter ?? 60_000;
  return retry<T>({
    count: config.count ?? 5,
    delay: (error: unknown, attempt: number) => {
      if (!isGradioError(error) || !codes.has(error.code)) throw error;
      if (error instanceof ZeroGpuError && error.retryAfter !== null) {
        if (error.retryAfter > maxRetryAfter) throw error;
        return timer(error.retryAfter);
      }
      return timer(Math.min(max, first * 2 ** (attempt - 1)));
    },
  });
}
