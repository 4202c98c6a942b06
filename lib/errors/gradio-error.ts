/**
 * Every code a gradio-rx error can carry: the one list, from which {@link GradioErrorCode} is
 * derived and against which {@link isGradioError} checks foreign errors (the README's error table
 * is checked against it by a spec).
 */
export const GRADIO_ERROR_CODES = [
  /** The URL or Space answered 404, or the source is not a URL or Space id. */
  'APP_NOT_FOUND',
  /** Nothing answered at the address (refused, DNS failure, timeout). */
  'APP_UNREACHABLE',
  /** The app wants Gradio login (`auth`) and none was given. */
  'AUTH_REQUIRED',
  /** `auth` was given but the app refused it. */
  'LOGIN_FAILED',
  /** A private Space or proxy refused access: the Hugging Face token is missing or wrong. */
  'PRIVATE_APP',
  /** The app's config or API description is missing or malformed. */
  'BAD_CONFIG',
  /** The app speaks a protocol this client does not (Gradio 3 websockets, early Gradio 4 SSE). */
  'UNSUPPORTED_PROTOCOL',
  /** No endpoint with that name or fn index. */
  'UNKNOWN_ENDPOINT',
  /** The endpoint exists but the app made it private to its UI. */
  'PRIVATE_ENDPOINT',
  /** The payload does not match the endpoint's parameters. */
  'INVALID_ARGUMENTS',
  /** The endpoint's function requires a `gr.OAuthToken` and no `oauthToken` was given. */
  'OAUTH_REQUIRED',
  /** The app's queue is full; retry later. */
  'QUEUE_FULL',
  /** The connection to the app broke while a job was running. */
  'CONNECTION_LOST',
  /** The app's function raised (a Python exception or `gr.Error`). */
  'APP_ERROR',
  /** ZeroGPU: out of GPU quota (`ZeroGpuError.retryAfter` says when to retry, if known). */
  'ZEROGPU_QUOTA',
  /** ZeroGPU: no GPU was available; retry in a moment. */
  'ZEROGPU_UNAVAILABLE',
  /** ZeroGPU: the GPU task was aborted while it ran. */
  'ZEROGPU_ABORTED',
  /** ZeroGPU: the app asks for a longer GPU task than the account allows. */
  'ZEROGPU_DURATION',
  /** The server failed outside the app's function (HTTP 5xx, unexpected_error). */
  'SERVER_ERROR',
  /** The app's validator rejected the inputs. */
  'VALIDATION_FAILED',
  /** The server or its proxy rate-limited the client (HTTP 429). */
  'TOO_MANY_REQUESTS',
  /** A file is larger than the app's `max_file_size`. */
  'UPLOAD_TOO_LARGE',
  /** The upload of a file failed. */
  'UPLOAD_FAILED',
  /** The Hugging Face Space cannot run: build or runtime error, paused, no app file, ... (`stage` says which). */
  'SPACE_ERROR',
  /** The job was cancelled on the server by someone else (another client, a UI cancel event). */
  'JOB_CANCELLED',
  /** The server sent something that breaks the protocol (malformed frame, impossible diff). */
  'PROTOCOL_ERROR',
  /** The client was closed; create a new one. */
  'CLIENT_CLOSED',
] as const;

/**
 * Every failure gradio-rx reports has one of these stable codes ({@link GRADIO_ERROR_CODES}).
 * Branch on `code`, never on the message text: messages may be improved between releases, codes
 * will not change.
 */
export type GradioErrorCode = (typeof GRADIO_ERROR_CODES)[number];

/** Context that travels with an error; every field is optional. */
export interface GradioErrorContext {
  /** The URL of the request that failed, when there was one. */
  url?: string;
  /** The HTTP status that caused the error, when there was one. */
  status?: number;
  /** The endpoint involved (`'/predict'` or a fn index). */
  endpoint?: string | number;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error gradio-rx emits. Carries a stable {@link GradioErrorCode} in `code`
 * and the request context (`url`, `status`, `endpoint`, `cause`) where known.
 *
 * @example
 * ```ts
 * connect$('http://127.0.0.1:7860').subscribe({
 *   error: (e) => {
 *     if (isGradioError(e, 'LOGIN_FAILED')) console.error('check the username and password');
 *   },
 * });
 * ```
 */
export class GradioError extends Error {
  /** The class name (`GradioError`, `AppError`, ...), as `Error.name`. */
  override readonly name: string = 'GradioError';
  /** What went wrong, stable across versions: branch on this, not on the message. */
  readonly code: GradioErrorCode;
  /** The URL of the request that failed, when one did. */
  readonly url?: string;
  /** The HTTP status the server answered with, when it answered. */
  readonly status?: number;
  /** The endpoint (name or fn index) of the call that failed, for call and job errors. */
  readonly endpoint?: string | number;

  constructor(code: GradioErrorCode, message: string, context: GradioErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    if (context.url !== undefined) this.url = context.url;
    if (context.status !== undefined) this.status = context.status;
    if (context.endpoint !== undefined) this.endpoint = context.endpoint;
  }
}

const ALL_CODES: ReadonlySet<string> = new Set(GRADIO_ERROR_CODES);

/**
 * True when `error` is a gradio-rx error (optionally with the given code). Works across bundles
 * and realms: it checks the shape (`code`), not only `instanceof`.
 *
 * @example
 * ```ts
 * try { await firstValueFrom(client.predict$('/nope', [])); }
 * catch (e) { if (isGradioError(e, 'UNKNOWN_ENDPOINT')) console.error(e.message); }
 * ```
 */
export function isGradioError<C extends GradioErrorCode>(
  error: unknown,
  code?: C,
): error is GradioError & {
  /** The code that was checked for (any gradio-rx code when none was given). */
  code: C;
} {
  if (error instanceof GradioError) return code === undefined || error.code === code;
  if (typeof error !== 'object' || error === null || !(error instanceof Error)) return false;
  const candidate = (error as { code?: unknown }).code;
  if (typeof candidate !== 'string' || !ALL_CODES.has(candidate)) return false;
  return code === undefined || candidate === code;
}
