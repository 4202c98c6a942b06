import { AppNotFoundError, AuthError } from '../errors/connect-errors';
import { GradioError } from '../errors/gradio-error';

/** Hub errors for a Space: 401/403 (private, or the token is refused), 404 (no such Space), 429, other. */
export function spaceLookupError(
  space: string,
  status: number,
  url: string,
  hasToken: boolean,
): GradioError {
  if (status === 401 || status === 403) {
    return new AuthError(
      'PRIVATE_APP',
      hasToken
        ? `The hub refused access to the Space ${space} with this token: check that the token is valid and can read it (or that the Space exists).`
        : `The Space ${space} was not found, or it is private: pass { hfToken } with a token that can read it.`,
      { url, status },
    );
  }
  if (status === 404)
    return new AppNotFoundError(
      'APP_NOT_FOUND',
      `The Space ${space} was not found on ${new URL(url).origin}. Check the owner/name.`,
      { url, status },
    );
  if (status === 429)
    return new GradioError(
      'TOO_MANY_REQUESTS',
      `The hub rate-limited this client (HTTP 429) while reading ${space}.`,
      { url, status },
    );
  return new GradioError(
    'SERVER_ERROR',
    `The hub failed to describe the Space ${space} (HTTP ${status}).`,
    { url, status },
  );
}

/** The hub's answer to "who am I" (`/api/whoami-v2`) when it is not a user: a refused token, or a hub failure. */
export function errorForWhoamiResponse(status: number, url: string): GradioError {
  if (status === 401 || status === 403)
    return new AuthError(
      'PRIVATE_APP',
      'The hub refused the token (whoami failed): check that it is valid.',
      { status },
    );
  return spaceLookupError('whoami', status, url, true);
}
