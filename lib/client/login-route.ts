import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import { callRoute, discardBody, unreachable } from './call-route';
import { refusedLogin } from './refusals';

const isRedirect = (response: Response): boolean =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/**
 * `POST {base}/login` with the form Gradio expects. Resolves once logged in (the cookies are kept
 * by `http`), or when the app has no login (it redirects to its root); a refusal is `LOGIN_FAILED`.
 */
export function login(
  http: HttpClient,
  base: string,
  auth: readonly [string, string],
  signal: AbortSignal,
): Promise<void> {
  const url = joinUrl(base, 'login');
  return callRoute({
    send: () =>
      http.ky.post(url, {
        body: new URLSearchParams({ username: auth[0], password: auth[1] }),
        signal,
      }),
    redact: (text) => http.redact(text),
    accepts: (response) => response.ok || isRedirect(response),
    refused: (status) => refusedLogin(status, base, url),
    read: discardBody,
    unanswered: (cause) => unreachable(cause, base),
  });
}
