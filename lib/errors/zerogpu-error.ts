import type { ZeroGpuKind } from '../protocol/zerogpu';
import { GradioError, type GradioErrorContext, type GradioErrorCode } from './gradio-error';

const CODES: Record<ZeroGpuKind, GradioErrorCode> = {
  quota: 'ZEROGPU_QUOTA',
  unavailable: 'ZEROGPU_UNAVAILABLE',
  aborted: 'ZEROGPU_ABORTED',
  duration: 'ZEROGPU_DURATION',
};

const ADVICE: Record<ZeroGpuKind, (retryAfter: number | null) => string> = {
  quota: (retryAfter) =>
    `${retryAfter !== null ? `Retry in ${Math.ceil(retryAfter / 1000)} s (retryWhenSafe waits that long)` : 'Retry later'}; a Hugging Face token (hfToken) gets more quota, and in a browser app the visitor's x-ip-token header charges their own.`,
  unavailable: () => 'No GPU was free: retry in a moment (retryWhenSafe does).',
  aborted: () =>
    'The GPU task was stopped while it ran (often for running past its duration): retrying may repeat that, so it is not retried by default.',
  duration: () =>
    'The app asks for a GPU duration over the limit for this account: no retry will help (a PRO account allows longer tasks).',
};

/**
 * A ZeroGPU Space could not run the job on a GPU (the app error ZeroGPU raises, recognised by its
 * text): `ZEROGPU_QUOTA` (out of quota; `retryAfter` when the message says how long),
 * `ZEROGPU_UNAVAILABLE` (no GPU free), `ZEROGPU_ABORTED` (the GPU task was aborted) or
 * `ZEROGPU_DURATION` (the requested duration is over the limit). `retryWhenSafe` retries the first
 * two.
 *
 * @example
 * ```ts
 * client.predict$('/generate', ['a cat']).subscribe({
 *   error: (e) => {
 *     if (e instanceof ZeroGpuError && e.retryAfter !== null) console.log(`retry in ${e.retryAfter} ms`);
 *   },
 * });
 * ```
 */
export class ZeroGpuError extends GradioError {
  override readonly name = 'ZeroGpuError';
  /** The app's (ZeroGPU's) message, as it was raised. */
  readonly appMessage: string;
  /** The `gr.Error` title (null before Gradio 5). */
  readonly title: string | null;
  /** For `ZEROGPU_QUOTA`: how long to wait before a retry (ms), when the message says. */
  readonly retryAfter: number | null;
  constructor(
    kind: ZeroGpuKind,
    appMessage: string,
    title: string | null,
    retryAfter: number | null,
    context?: GradioErrorContext,
  ) {
    const where = context?.endpoint !== undefined ? ` (${String(context.endpoint)})` : '';
    super(
      CODES[kind],
      `ZeroGPU refused the job${where}: ${appMessage.trim()} ${ADVICE[kind](retryAfter)}`,
      context,
    );
    this.appMessage = appMessage;
    this.title = title;
    this.retryAfter = retryAfter;
  }
}
