import { zeroGpuFailure } from '../protocol/zerogpu';
import { GradioError, type GradioErrorContext } from './gradio-error';
import { ZeroGpuError } from './zerogpu-error';

/**
 * The app's function failed (`APP_ERROR`): a `gr.Error` or any Python exception. `appMessage` is
 * the app's own message, or null when the app hides error details (`show_error=False`); `title`
 * is the `gr.Error` title.
 */
export class AppError extends GradioError {
  override readonly name = 'AppError';
  /** The app's own error message, or null when the app hides error details. */
  readonly appMessage: string | null;
  /** The `gr.Error` title, or null when there is none (always null before Gradio 5). */
  readonly title: string | null;
  constructor(appMessage: string | null, title: string | null, context?: GradioErrorContext) {
    const where = context?.endpoint !== undefined ? ` in ${String(context.endpoint)}` : '';
    super(
      'APP_ERROR',
      appMessage !== null
        ? `The app raised an error${where}: ${appMessage}`
        : `The app raised an error${where} but hides its details; the app owner can launch it with show_error=True to see why.`,
      context,
    );
    this.appMessage = appMessage;
    this.title = title;
  }
}

/**
 * The error for a failure the app's function raised: a {@link ZeroGpuError} when it is ZeroGPU's
 * (see `lib/protocol/zerogpu.ts`), else an {@link AppError}.
 */
export function appFailure(
  appMessage: string | null,
  title: string | null,
  context?: GradioErrorContext,
): AppError | ZeroGpuError {
  const zeroGpu = zeroGpuFailure(appMessage, title);
  return zeroGpu && appMessage !== null
    ? new ZeroGpuError(zeroGpu.kind, appMessage, title, zeroGpu.retryAfter, context)
    : new AppError(appMessage, title, context);
}

/** The app's queue is full (`QUEUE_FULL`, HTTP 503). Safe to retry later: the job never started. */
export class QueueFullError extends GradioError {
  override readonly name = 'QueueFullError';
  constructor(detail: string, context?: GradioErrorContext) {
    super(
      'QUEUE_FULL',
      `The app's queue is full (${detail}). Retry later, for example with a retry operator and backoff.`,
      context,
    );
  }
}

/** One parameter the app's validator rejected. */
export interface ValidationIssue {
  /** The name of the rejected parameter, or null when the app did not say. */
  parameter: string | null;
  /** Why the validator rejected it (`"invalid"` when the app gave no reason). */
  message: string;
}

/** The app's validator rejected the inputs (`VALIDATION_FAILED`, HTTP 422). */
export class ValidationError extends GradioError {
  override readonly name = 'ValidationError';
  /** One entry per parameter the validator rejected. */
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[], context?: GradioErrorContext) {
    const text = issues
      .map((i) => (i.parameter ? `${i.parameter}: ${i.message}` : i.message))
      .join('; ');
    super(
      'VALIDATION_FAILED',
      `The app rejected the inputs: ${text || 'no reason given'}.`,
      context,
    );
    this.issues = issues;
  }
}
