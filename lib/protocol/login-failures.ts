import { AuthError } from '../errors/connect-errors';
import type { GradioError } from '../errors/gradio-error';
import { errorForAppResponse } from './http-failures';

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
