import { GradioError } from '../errors/gradio-error';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitOptions } from '../types/options';
import type { Result } from './result';

/**
 * The options a job of `endpoint` goes out with: the call's `oauthToken`, else the client's, kept
 * only when the endpoint's function takes a `gr.OAuthToken` (so no other endpoint ever receives
 * one); `OAUTH_REQUIRED` when it requires one and there is none. Pure.
 */
export function jobOptionsFor(
  endpoint: EndpointInfo,
  options: SubmitOptions,
  clientToken: string | undefined,
): Result<SubmitOptions> {
  const { oauthToken: given, ...rest } = options;
  if (endpoint.oauthToken === null) return { ok: true, value: rest };
  const oauthToken = given ?? clientToken;
  if (oauthToken !== undefined) return { ok: true, value: { ...rest, oauthToken } };
  if (endpoint.oauthToken === 'optional') return { ok: true, value: rest };
  const ref = String(endpoint.name ?? endpoint.fnIndex);
  return {
    ok: false,
    error: new GradioError(
      'OAUTH_REQUIRED',
      `${ref} runs as a signed-in Hugging Face user (its function takes a gr.OAuthToken): pass the user's token as oauthToken, to connect$ or to this call.`,
      { endpoint: ref },
    ),
  };
}
