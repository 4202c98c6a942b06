import { GradioError } from '../errors/gradio-error';
import { normalizeAppUrl, originOf } from '../protocol/url';
import { HttpClient } from '../transport/http-client';
import { CONNECT_DEFAULTS, type ConnectOptions } from '../types/options';

export const PUBLIC_HUB = 'https://huggingface.co';

/** The hub to use: the `hubUrl` option, else `HF_ENDPOINT` (Node), else the public hub. */
export function hubUrlOf(options: Pick<ConnectOptions, 'hubUrl'>): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.HF_ENDPOINT;
  const chosen = options.hubUrl ?? env ?? PUBLIC_HUB;
  const normalized = normalizeAppUrl(chosen);
  if (!normalized)
    throw new GradioError('INVALID_ARGUMENTS', `The hub URL "${chosen}" is not an http(s) URL.`);
  return normalized;
}

/** A client for the hub API: the token goes to the hub's origin only. */
export function hubHttp(hubUrl: string, options: ConnectOptions): HttpClient {
  return new HttpClient({
    trustedOrigins: [originOf(hubUrl) as string],
    timeout: options.timeout ?? CONNECT_DEFAULTS.timeout,
    ...(options.hfToken ? { token: options.hfToken } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
