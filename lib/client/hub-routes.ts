import { GradioError } from '../errors/gradio-error';
import { errorForWhoamiResponse, spaceLookupError } from '../protocol/hub-failures';
import { joinUrl, normalizeAppUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import { callRoute, discardBody, readJson, unreachable, type RouteCall } from './call-route';

/**
 * Every route of the Hugging Face hub the client calls (`{hub}/api/...`), with its URL, request
 * shape and answer. Each resolves with the answer's value or rejects with a typed error (statuses
 * are read in `lib/protocol/hub-failures.ts`); a hub that does not answer is `APP_UNREACHABLE`.
 */

/** The part of the hub's Space info gradio-rx reads. */
export interface HubSpaceInfo {
  id?: string;
  host?: string;
  private?: boolean;
  runtime?: { stage?: string; hardware?: { current?: string | null; requested?: string | null } };
}

/** A hub request: `send` plus how to read the answer; redaction and the unanswered error are the hub's. */
function callHub<T>(
  http: HttpClient,
  url: string,
  call: Omit<RouteCall<T>, 'redact' | 'unanswered'>,
): Promise<T> {
  return callRoute({
    ...call,
    redact: (text) => http.redact(text),
    unanswered: (cause) => unreachable(cause, url),
  });
}

/** A body the hub sent as JSON (an object), else a `PROTOCOL_ERROR`. */
const hubObject = (url: string) =>
  readJson((body) => {
    if (typeof body !== 'object' || body === null)
      throw new GradioError(
        'PROTOCOL_ERROR',
        `The hub answered ${url} with something that is not JSON.`,
        { url },
      );
    return body;
  });

/** `GET {hub}/api/spaces/{id}`: the Space's info, or a typed error. */
export function fetchSpaceInfo(
  http: HttpClient,
  hubUrl: string,
  space: string,
  signal: AbortSignal,
  hasToken: boolean,
): Promise<HubSpaceInfo> {
  const url = joinUrl(hubUrl, `api/spaces/${space}`);
  return callHub<HubSpaceInfo>(http, url, {
    send: () => http.ky.get(url, { signal }),
    refused: (status) => spaceLookupError(space, status, url, hasToken),
    read: hubObject(url),
  });
}

/** `GET {hub}/api/spaces/{id}/host`: where the Space's app is served. */
export function fetchSpaceHost(
  http: HttpClient,
  hubUrl: string,
  space: string,
  signal: AbortSignal,
  hasToken: boolean,
): Promise<string> {
  const url = joinUrl(hubUrl, `api/spaces/${space}/host`);
  return callHub(http, url, {
    send: () => http.ky.get(url, { signal }),
    refused: (status) => spaceLookupError(space, status, url, hasToken),
    read: readJson((body) => {
      const host = (body as { host?: unknown } | undefined)?.host;
      const normalized = typeof host === 'string' ? normalizeAppUrl(host) : null;
      if (!normalized)
        throw new GradioError(
          'PROTOCOL_ERROR',
          `The hub gave no usable host for the Space ${space}.`,
          { url },
        );
      return normalized;
    }),
  });
}

/**
 * `GET {hub}/api/spaces/{id}/jwt` (with the token): a signature for the Space's URLs (`__sign`),
 * which its proxy accepts where no header can be sent. Resolves null when the hub gives none.
 */
export function fetchSpaceSignature(
  http: HttpClient,
  hubUrl: string,
  space: string,
  signal: AbortSignal,
): Promise<string | null> {
  const url = joinUrl(hubUrl, `api/spaces/${space}/jwt`);
  return callHub(http, url, {
    send: () => http.ky.get(url, { signal }),
    refused: (status) => spaceLookupError(space, status, url, true),
    read: readJson((body) => {
      const token = (body as { token?: unknown } | undefined)?.token;
      return typeof token === 'string' && token ? token : null;
    }),
  });
}

/** `GET {hub}/api/whoami-v2`: the name of the token's user. */
export function fetchUserName(
  http: HttpClient,
  hubUrl: string,
  signal: AbortSignal,
): Promise<string> {
  const url = joinUrl(hubUrl, 'api/whoami-v2');
  return callHub(http, url, {
    send: () => http.ky.get(url, { signal }),
    accepts: (response) => response.status === 200,
    refused: (status) => errorForWhoamiResponse(status, url),
    read: readJson((body, answer) => {
      const name = (body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string') throw errorForWhoamiResponse(answer.status, url);
      return name;
    }),
  });
}

/** `GET {hub}/api/spaces/{id}` when the Space may not exist: its info, or null for any refusal. */
export function findSpace(
  http: HttpClient,
  hubUrl: string,
  space: string,
  signal: AbortSignal,
): Promise<HubSpaceInfo | null> {
  const url = joinUrl(hubUrl, `api/spaces/${space}`);
  return callHub(http, url, {
    send: () => http.ky.get(url, { signal }),
    accepts: () => true,
    refused: (status) => spaceLookupError(space, status, url, true),
    read: readJson((body, answer) =>
      answer.status === 200 && typeof body === 'object' && body !== null
        ? (body as HubSpaceInfo)
        : null,
    ),
  });
}

/** A hub POST whose answer is not checked (hardware and sleep-time requests are best effort). */
function postHub(http: HttpClient, url: string, json: unknown, signal: AbortSignal): Promise<void> {
  return callHub(http, url, {
    send: () => http.ky.post(url, { json, signal }),
    accepts: () => true,
    refused: (status) => spaceLookupError(url, status, url, true),
    read: discardBody,
  });
}

/** `POST {hub}/api/spaces/{id}/hardware`: asks for other hardware (best effort). */
export function requestHardware(
  http: HttpClient,
  hubUrl: string,
  space: string,
  flavor: string,
  signal: AbortSignal,
): Promise<void> {
  return postHub(http, joinUrl(hubUrl, `api/spaces/${space}/hardware`), { flavor }, signal);
}

/** `POST {hub}/api/spaces/{id}/sleeptime`: sets the sleep timeout (best effort). */
export function setSleepTime(
  http: HttpClient,
  hubUrl: string,
  space: string,
  seconds: number,
  signal: AbortSignal,
): Promise<void> {
  return postHub(http, joinUrl(hubUrl, `api/spaces/${space}/sleeptime`), { seconds }, signal);
}

/**
 * `POST {hub}/api/spaces/{id}/duplicate`: copies `source` to `copy.repository`. Resolves when made,
 * or when it exists already (409, made meanwhile).
 */
export function duplicateSpace(
  http: HttpClient,
  hubUrl: string,
  source: string,
  copy: { repository: string; private: boolean; hardware: string },
  signal: AbortSignal,
): Promise<void> {
  const url = joinUrl(hubUrl, `api/spaces/${source}/duplicate`);
  return callHub(http, url, {
    send: () => http.ky.post(url, { json: copy, signal }),
    accepts: (response) => response.status === 200 || response.status === 409,
    refused: (status) => spaceLookupError(source, status, url, true),
    read: discardBody,
  });
}
