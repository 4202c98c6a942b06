import { retry, timer, type MonoTypeOperatorFunction } from 'rxjs';
import { isGradioError, type GradioErrorCode } from '../errors/gradio-error';

/**
 * Errors after which running the same call again is safe: the job never ran (queue full, rate
 * limited, app unreachable) or the server dropped it when the connection broke.
 */
export const SAFE_TO_RETRY: readonly GradioErrorCode[] = [
  'QUEUE_FULL',
  'TOO_MANY_REQUESTS',
  'APP_UNREACHABLE',
  'CONNECTION_LOST',
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
}

/**
 * Retries with exponential backoff, only on errors where retrying is safe (see
 * {@link SAFE_TO_RETRY}); any other error passes through at once. A job stream is shared and
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
  return retry<T>({
    count: config.count ?? 5,
    delay: (error: unknown, attempt: number) => {
      if (!isGradioError(error) || !codes.has(error.code)) throw error;
      return timer(Math.min(max, first * 2 ** (attempt - 1)));
    },
  });
}
