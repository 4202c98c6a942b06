import { AppNotFoundError, AuthError, ConfigError } from '../errors/connect-errors';
import { GradioError } from '../errors/gradio-error';
import { QueueFullError, ValidationError } from '../errors/job-errors';

/** Parses a response body as JSON, or returns undefined when it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

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
  if (status === 404) {
    return new AppNotFoundError(
      'APP_NOT_FOUND',
      `No Gradio app answers at ${url} (HTTP 404). Check the URL, including any sub-path the app is mounted at.`,
      {
        url,
        status,
      },
    );
  }
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

/**
 * Turns a refused `/queue/join` (or `/run`) into a typed error: queue full (503), the app's
 * validator (422 with `__type__: "validate"` items), a body the server could not read (other 422),
 * login needed (401), rate limit (429), server failure (5xx).
 */
export function errorForJoinResponse(
  status: number,
  text: string,
  url: string,
  endpoint: string | number,
): GradioError {
  const body = parseJsonText(text);
  const context = { url, status, endpoint };
  if (status === 503) return new QueueFullError(detailText(body, text), context);
  if (status === 422) {
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
  if (status === 401) return errorForAppResponse(status, text, url, { auth: false, token: false });
  if (status === 429) return errorForAppResponse(status, text, url, { auth: false, token: false });
  if (status >= 500) {
    return new GradioError(
      'SERVER_ERROR',
      `The server failed to accept the job for ${String(endpoint)} (HTTP ${status}): ${detailText(body, text)}`,
      context,
    );
  }
  return new GradioError(
    'SERVER_ERROR',
    `The server refused the job for ${String(endpoint)} (HTTP ${status}): ${detailText(body, text)}`,
    context,
  );
}
