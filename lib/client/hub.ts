import { AppNotFoundError, AuthError } from '../errors/connect-errors';
import { GradioError } from '../errors/gradio-error';
import { parseJsonText } from '../protocol/http-failures';
import { joinUrl, normalizeAppUrl, originOf } from '../protocol/url';
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

/** The part of the hub's Space info gradio-rx reads. */
export interface HubSpaceInfo {
  id?: string;
  host?: string;
  private?: boolean;
  runtime?: { stage?: string; hardware?: { current?: string | null; requested?: string | null } };
}

/** Hub errors for a Space: 401 (private, or the token is refused) and 404 (no such Space). */
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

/** `GET {hub}/api/spaces/{id}`: the Space's info, or a typed error. */
export async function fetchSpaceInfo(
  http: HttpClient,
  hubUrl: string,
  space: string,
  signal: AbortSignal,
  hasToken: boolean,
): Promise<HubSpaceInfo> {
  const url = joinUrl(hubUrl, `api/spaces/${space}`);
  const response = await http.ky.get(url, { signal });
  const text = await response.text();
  if (!response.ok) throw spaceLookupError(space, response.status, url, hasToken);
  const body = parseJsonText(text);
  if (typeof body !== 'object' || body === null)
    throw new GradioError(
      'PROTOCOL_ERROR',
      `The hub answered ${url} with something that is not JSON.`,
      { url },
    );
  return body as HubSpaceInfo;
}

/** `GET {hub}/api/spaces/{id}/host`: where the Space's app is served. */
export async function fetchSpaceHost(
  http: HttpClient,
  hubUrl: string,
  space: string,
  signal: AbortSignal,
  hasToken: boolean,
): Promise<string> {
  const url = joinUrl(hubUrl, `api/spaces/${space}/host`);
  const response = await http.ky.get(url, { signal });
  const text = await response.text();
  if (!response.ok) throw spaceLookupError(space, response.status, url, hasToken);
  const host = (parseJsonText(text) as { host?: unknown } | undefined)?.host;
  const normalized = typeof host === 'string' ? normalizeAppUrl(host) : null;
  if (!normalized)
    throw new GradioError('PROTOCOL_ERROR', `The hub gave no usable host for the Space ${space}.`, {
      url,
    });
  return normalized;
}
