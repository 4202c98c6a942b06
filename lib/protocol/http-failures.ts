// The status table of refused requests: loaded on the first refusal only (the FAILURES part of
// client/lazy.ts, through client/refusals.ts). Other modules import its types only, or the table
// would be back in every app's initial download (the browser spec checks that it is not).
import { AppNotFoundError, AuthError, ConfigError, noAppAt } from '../errors/connect-errors';
import { FileTooLargeError } from '../errors/file-errors';
import { GradioError, type GradioErrorContext } from '../errors/gradio-error';
import { AppError, appFailure, QueueFullError, ValidationError } from '../errors/job-errors';
import { parseJsonText } from './check-json';

/** Gradio's 401 bodies: `{detail: "Not authenticated"}` (<= 5.35) or `{detail: {error, auth_message}}`. */
function authMessageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === 'object' && detail !== null) {
    const message = (detail as { auth_message?: unknown }).auth_message;
    if (typeof message === 'string' && message) return message;
  }
  return undefined;
}

const isGradioAuthBody = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && 'detail' in body;

/** What the caller gave, so a refusal can say what to change. */
export interface CredentialsGiven {
  auth: boolean;
  token: boolean;
}

/**
 * Turns a failed `/config` (or `/info`) response into a typed error: Gradio's login refusal
 * (JSON 401) vs a private Space's proxy (non-JSON 401/403), not found, rate limit, server error.
 */
export function errorForAppResponse(
  status: number,
  text: string,
  url: string,
  given: CredentialsGiven,
): GradioError {
  const body = parseJsonText(text);
  if (status === 401 && isGradioAuthBody(body)) {
    const authMessage = authMessageOf(body);
    const hint = authMessage ? ` The app says: "${authMessage}".` : '';
    if (given.auth) {
      return new AuthError(
        'LOGIN_FAILED',
        `The app at ${url} still refuses access after logging in; check the username and password.${hint}`,
        {
          url,
          status,
          ...(authMessage ? { authMessage } : {}),
        },
      );
    }
    return new AuthError(
      'AUTH_REQUIRED',
      `The app at ${url} needs a login: pass { auth: [username, password] }.${hint}`,
      {
        url,
        status,
        ...(authMessage ? { authMessage } : {}),
      },
    );
  }
  if (status === 401 || status === 403) {
    const advice = given.token
      ? 'The Hugging Face token was refused: check that it is valid and can read this Space.'
      : 'It is probably private: pass { hfToken } with a token that can read it.';
    return new AuthError(
      'PRIVATE_APP',
      `Access to ${url} was refused (HTTP ${status}). ${advice}`,
      { url, status },
    );
  }
  if (status === 404) return noAppAt(url);
  if (status === 429) {
    return new GradioError(
      'TOO_MANY_REQUESTS',
      `${url} rate-limited this client (HTTP 429). Wait and retry, or duplicate the Space for your own use.`,
      {
        url,
        status,
      },
    );
  }
  if (status >= 500) {
    return new GradioError(
      'SERVER_ERROR',
      `The server at ${url} failed (HTTP ${status}). Try again later; if it persists, the app's logs will say why.`,
      {
        url,
        status,
      },
    );
  }
  return new ConfigError(
    `Could not load the app config from ${url} (HTTP ${status}). Is this a Gradio app?`,
    { url, status },
  );
}

function detailText(body: unknown, fallback: string): string {
  if (typeof body === 'object' && body !== null) {
    const detail = (body as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
    if (typeof detail === 'object' && detail !== null) {
      const error = (detail as { error?: unknown }).error;
      if (typeof error === 'string') return error;
    }
  }
  return fallback.slice(0, 200) || 'no details';
}

/** The requests whose refusals {@link errorForRequestFailure} maps. */
export type FailedRoute = 'join' | 'run' | 'chunk' | 'upload' | 'download';

/** A request the server answered with a non-2xx status. */
export interface RequestFailure {
  /** Which request: `/queue/join`, `/run/{name}`, `/stream/{event_id}` (a chunk), `/upload` or a file GET. */
  route: FailedRoute;
  status: number;
  /** The answer's body, already redacted (it is quoted in messages). */
  text: string;
  url: string;
  /** The endpoint of a join or run. */
  endpoint?: string | number;
  /** The file of an upload: its name, size, and the app's limit when the config gave one. */
  file?: { name: string; size: number | null; maxSize: number | null };
}

const NO_CREDENTIALS: CredentialsGiven = { auth: false, token: false };

/** Gradio's 413 text names its limit: "... maximum allowed size of 1024 bytes." */
function limitIn(text: string): number | null {
  const match = /maximum allowed size of (\d+) bytes/.exec(text);
  return match ? Number(match[1]) : null;
}

/** What went wrong, for the start of a message: the job of an endpoint, an upload or a download. */
function subject(failure: RequestFailure): string {
  switch (failure.route) {
    case 'upload':
      return `Uploading "${failure.file?.name ?? 'file'}"`;
    case 'download':
      return `Downloading ${failure.url}`;
    default:
      return `The job for ${String(failure.endpoint)}`;
  }
}

/** The 401/403 refusals: Gradio's login, Gradio's file guard (downloads), or a private Space's proxy. */
function refusedAccess(failure: RequestFailure, body: unknown, context: GradioErrorContext) {
  const { status, url } = failure;
  if (status === 403 && failure.route === 'download' && isGradioAuthBody(body)) {
    return new AuthError(
      'PRIVATE_APP',
      `The app refused to serve ${url} (HTTP 403: ${detailText(body, failure.text)}). Gradio serves only files its app returned or allowed (allowed_paths): download the FileData an output gave you. If the app is a private Space, pass { hfToken } with a token that can read it.`,
      context,
    );
  }
  return errorForAppResponse(status, failure.text, url, NO_CREDENTIALS);
}

/**
 * The one status table of the requests that run a job or move its files. Maps a refused
 * `/queue/join`, `/run/{name}`, `/upload` or file download to the code a caller can act on:
 *
 * | status | code |
 * | --- | --- |
 * | 400 on a join or run (the app's validator raised: `{detail: message}`) | `APP_ERROR` (`AppError`, the app's message) |
 * | 500 on a run with `{error}` (the function raised) | `APP_ERROR` |
 * | 401 | `AUTH_REQUIRED` (Gradio login), else `PRIVATE_APP` |
 * | 403 | `PRIVATE_APP` (a download says which files Gradio serves) |
 * | 404 | `APP_NOT_FOUND` |
 * | 413 | `UPLOAD_TOO_LARGE` (`FileTooLargeError` for an upload) |
 * | 422 on a join or run | `VALIDATION_FAILED` (the app's validator), else `INVALID_ARGUMENTS` |
 * | 429 | `TOO_MANY_REQUESTS` |
 * | 503 on a join or run | `QUEUE_FULL` |
 * | other 5xx | `SERVER_ERROR` |
 * | other 4xx | `UPLOAD_FAILED` for an upload, else `SERVER_ERROR` |
 */
export function errorForRequestFailure(failure: RequestFailure): GradioError {
  const { route, status, text, url, endpoint } = failure;
  const body = parseJsonText(text);
  const context: GradioErrorContext = {
    url,
    status,
    ...(endpoint !== undefined ? { endpoint } : {}),
  };
  const job = route === 'join' || route === 'run' || route === 'chunk';
  if (route === 'run' && status === 500 && typeof body === 'object' && body && 'error' in body) {
    const { error, title } = body as { error?: unknown; title?: unknown };
    return appFailure(
      typeof error === 'string' ? error : null,
      typeof title === 'string' ? title : null,
      context,
    );
  }
  if (job && status === 400) return new AppError(detailText(body, text), null, context);
  if (status === 401 || status === 403) return refusedAccess(failure, body, context);
  if (status === 404) {
    return new AppNotFoundError(
      'APP_NOT_FOUND',
      route === 'download'
        ? `Downloading ${url} failed (HTTP 404): the app has no file there. Check the URL, or download the FileData an output gave you.`
        : `${subject(failure)} failed: ${url} answered HTTP 404. The app no longer serves it (restarted with other routes, moved, or a Space that is gone); connect again.`,
      context,
    );
  }
  if (status === 413) {
    if (route === 'upload' && failure.file) {
      const { name, size, maxSize } = failure.file;
      return new FileTooLargeError(name, size, maxSize ?? limitIn(text), context);
    }
    return new GradioError(
      'UPLOAD_TOO_LARGE',
      `${subject(failure)} failed: the request is larger than ${url} accepts (HTTP 413). Send large values as files (handleFile).`,
      context,
    );
  }
  if (job && status === 422) {
    const detail = (body as { detail?: unknown } | undefined)?.detail;
    if (
      Array.isArray(detail) &&
      detail.some((d) => (d as { __type__?: unknown })?.__type__ === 'validate')
    ) {
      const issues = detail
        .filter((d) => (d as { is_valid?: unknown }).is_valid === false)
        .map((d) => ({
          parameter: typeof d.parameter_name === 'string' ? (d.parameter_name as string) : null,
          message: typeof d.message === 'string' ? (d.message as string) : 'invalid',
        }));
      return new ValidationError(issues, context);
    }
    return new GradioError(
      'INVALID_ARGUMENTS',
      `The server could not read the request for ${String(endpoint)}: ${JSON.stringify(detail ?? text).slice(0, 300)}`,
      context,
    );
  }
  if (status === 429) return errorForAppResponse(status, text, url, NO_CREDENTIALS);
  if (job && status === 503) return new QueueFullError(detailText(body, text), context);
  if (route === 'download') {
    return new GradioError(
      'SERVER_ERROR',
      `Downloading ${url} failed (HTTP ${status}).${status >= 500 ? " Try again later; if it persists, the app's logs will say why." : ''}`,
      context,
    );
  }
  if (route === 'upload') {
    const served = `(HTTP ${status}): ${text.slice(0, 200)}`;
    return status >= 500
      ? new GradioError(
          'SERVER_ERROR',
          `Uploading "${failure.file?.name ?? 'file'}" failed: the server failed ${served}`,
          context,
        )
      : new GradioError(
          'UPLOAD_FAILED',
          `Uploading "${failure.file?.name ?? 'file'}" failed ${served}`,
          context,
        );
  }
  return new GradioError(
    'SERVER_ERROR',
    status >= 500
      ? `The server failed to accept the job for ${String(endpoint)} (HTTP ${status}): ${detailText(body, text)}`
      : `The server refused the job for ${String(endpoint)} (HTTP ${status}): ${detailText(body, text)}`,
    context,
  );
}

/**
 * A refused `POST /login`: Gradio answers 400 (sometimes 401) to wrong credentials; a proxy 403.
 * Anything else is read like a refused config.
 */
export function errorForLoginResponse(status: number, base: string, url: string): GradioError {
  if (status === 400 || status === 401 || status === 403) {
    return new AuthError(
      'LOGIN_FAILED',
      `Login to ${base} failed: the app refused the username or password.`,
      { url, status },
    );
  }
  return errorForAppResponse(status, '', url, { auth: true, token: false });
}
