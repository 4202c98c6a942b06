import { GradioError } from '../errors/gradio-error';
import { normalizeAppUrl, originOf } from '../protocol/url';
import { HttpClient } from '../transport/http-client';
import type { ResolvedConnectOptions } from '../types/options';

/** The hub to use (the resolved `hubUrl`: the option, else `HF_ENDPOINT`, else the public hub), checked. */
export function hubUrlOf(options: Pick<ResolvedConnectOptions, 'hubUrl'>): string {
  const normalized = normalizeAppUrl(options.hubUrl);
  if (!normalized)
    throw new GradioError(
      'INVALID_ARGUMENTS',
      `The hub URL "${options.hubUrl}" is not an http(s) URL.`,
    );
  return normalized;
}

/** A client for the hub API: the token goes to the hub's origin only. */
export function hubHttp(hubUrl: string, options: ResolvedConnectOptions): HttpClient {
  return new HttpClient({
    trustedOrigins: [originOf(hubUrl) as string],
    timeout: options.timeout,
    ...(options.hfToken ? { token: options.hfToken } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
