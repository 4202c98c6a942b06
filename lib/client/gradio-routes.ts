import { ConfigError } from '../errors/connect-errors';
import { GradioError } from '../errors/gradio-error';
import type { CredentialsGiven } from '../protocol/http-failures';
import { signUrl } from '../protocol/signed-urls';
import { joinUrl } from '../protocol/url';
import { deadline } from '../transport/deadline';
import type { HttpClient } from '../transport/http-client';
import type { EndpointInfo } from '../types/api-info';
import type { RawApiInfo } from '../types/config';
import { callRoute, discardBody, readJson, unreachable, type Answer } from './call-route';
import { refusedApp, refusedRequest } from './refusals';

/**
 * The routes of a Gradio app every client calls (config, API description, jobs, cancel, event
 * and heartbeat streams), with its URL, request shape and answer. `base` is
 * the URL the caller connected to, `apiUrl` the app's root plus its API prefix (`/gradio_api` on
 * Gradio 5+). Each function resolves with the answer's value or rejects with a typed error (the
 * status table is `lib/protocol/http-failures.ts`); server text in errors is redacted.
 */

/** Per-job options that reach the wire. */
export interface JobRequestOptions {
  /** Extra headers for the join request (e.g. ZeroGPU headers); sent to the app's origin only. */
  headers?: Record<string, string>;
  /**
   * The `gr.OAuthToken` for the job's body (`oauth_token`): set only for endpoints that take one
   * (see `jobOptionsFor`).
   */
  oauthToken?: string;
}

/**
 * A connect-time JSON GET (`/config`, `{api}/info`), bounded as a whole by `timeout`: ky's own
 * timeout ends when the headers arrive, so a body that trickles in (a slow-loris proxy) could hang
 * a connect; this signal covers the body too.
 */
function getAppJson<T>(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  given: CredentialsGiven,
  timeout: number | false,
  check: (body: unknown, answer: Answer) => T,
): Promise<T> {
  const bounded = timeout === false ? null : deadline(signal, timeout);
  return callRoute({
    send: () => http.ky.get(url, { signal: bounded?.signal ?? signal, timeout: false }),
    redact: (text) => http.redact(text),
    refused: (status, text) => refusedApp(status, text, url, given),
    read: readJson((body, answer) => {
      if (body === undefined)
        throw new ConfigError(`${url} did not answer with JSON. Is this a Gradio app?`, {
          url,
          status: answer.status,
        });
      return check(body, answer);
    }),
    unanswered: (cause) => unreachable(cause, url, timeout),
  }).finally(() => bounded?.done());
}

/** What `/config` answered: the raw config, and the replica that served it. */
export interface ConfigAnswer {
  /** Any JSON (`parseConfig` checks it). */
  body: unknown;
  /**
   * The Space replica that answered, from the Hugging Face proxy's `x-proxied-replica` header
   * (`{hash}-{replica id}`), or null.
   */
  replica: string | null;
}

/** `GET {base}/config`: the app's raw config, and which replica served it. */
export function getConfig(
  http: HttpClient,
  base: string,
  signal: AbortSignal,
  given: CredentialsGiven,
  timeout: number | false,
): Promise<ConfigAnswer> {
  return getAppJson(http, joinUrl(base, 'config'), signal, given, timeout, (body, answer) => ({
    body,
    replica: answer.headers.get('x-proxied-replica')?.split('-').pop() || null,
  }));
}

/** The URL of the API description: `{root}{prefix}/info`, with undocumented endpoints. */
export const infoUrl = (root: string, apiPrefix: string): string =>
  `${joinUrl(joinUrl(root, apiPrefix), 'info')}?all_endpoints=true`;

function isRawApiInfo(body: unknown): body is RawApiInfo {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as RawApiInfo).named_endpoints === 'object'
  );
}

/** `GET {url}` (see {@link infoUrl}): the app's API description. */
export function getInfo(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  given: CredentialsGiven,
  timeout: number | false,
): Promise<RawApiInfo> {
  return getAppJson(http, url, signal, given, timeout, (body) => {
    if (!isRawApiInfo(body))
      throw new ConfigError(`The API description at ${url} is malformed.`, { url });
    return body;
  });
}

/** What a job sends: Gradio's predict body, as `/queue/join` and `/run/{name}` both take it. */
export interface PredictRequest {
  endpoint: EndpointInfo;
  sessionHash: string;
  data: unknown[];
  /** For endpoints that take a `gr.OAuthToken` only. */
  oauthToken?: string;
}

/**
 * Gradio's predict body: `{data, fn_index, session_hash, event_data, trigger_id}`, and
 * `oauth_token` when the request carries one.
 */
export const predictBody = (request: PredictRequest) => ({
  data: request.data,
  fn_index: request.endpoint.fnIndex,
  session_hash: request.sessionHash,
  event_data: null,
  trigger_id: null,
  ...(request.oauthToken !== undefined ? { oauth_token: request.oauthToken } : {}),
});

/**
 * POSTs the predict body, marked as an API call (`x-gradio-user`), with the job's extra headers
 * only when `url` is on the app's own origin.
 */
function postPredict(
  http: HttpClient,
  url: string,
  request: PredictRequest,
  options: JobRequestOptions,
  signal?: AbortSignal,
): Promise<Response> {
  return http.ky.post(url, {
    json: predictBody(
      options.oauthToken !== undefined ? { ...request, oauthToken: options.oauthToken } : request,
    ),
    headers: { 'x-gradio-user': 'api', ...(http.isTrusted(url) ? options.headers : {}) },
    ...(signal ? { signal } : {}),
  });
}

export const refOf = (endpoint: EndpointInfo): string | number => endpoint.name ?? endpoint.fnIndex;

/** `POST {api}/queue/join` for one job; resolves with its event id. */
export function queueJoin(
  http: HttpClient,
  apiUrl: string,
  request: PredictRequest,
  options: JobRequestOptions,
): Promise<string> {
  const url = joinUrl(apiUrl, 'queue/join');
  const endpoint = refOf(request.endpoint);
  return callRoute({
    send: () => postPredict(http, url, request, options),
    redact: (text) => http.redact(text),
    refused: (status, text) => refusedRequest({ route: 'join', status, text, url, endpoint }),
    read: readJson((body, answer) => {
      const eventId = (body as { event_id?: unknown } | undefined)?.event_id;
      if (typeof eventId !== 'string' || !eventId) {
        throw new GradioError(
          'PROTOCOL_ERROR',
          `The queue accepted the job but sent no event id: ${answer.quote()}`,
          { url, endpoint },
        );
      }
      return eventId;
    }),
    unanswered: (cause) =>
      new GradioError(
        'CONNECTION_LOST',
        `Could not submit the job to ${url}: the app did not answer.`,
        { url, endpoint, cause },
      ),
  });
}

/**
 * `POST {api}/run/{name}` for an endpoint that skips the queue (`queue=False`); resolves with the
 * output data as sent (wire form). Aborting `signal` aborts the request.
 */
export function runUnqueued(
  http: HttpClient,
  apiUrl: string,
  request: PredictRequest,
  options: JobRequestOptions,
  signal: AbortSignal,
): Promise<unknown[]> {
  const name = request.endpoint.name;
  const url = joinUrl(apiUrl, `run/${name ? name.slice(1) : 'predict'}`);
  const endpoint = refOf(request.endpoint);
  return callRoute({
    send: () => postPredict(http, url, request, options, signal),
    redact: (text) => http.redact(text),
    refused: (status, text) => refusedRequest({ route: 'run', status, text, url, endpoint }),
    read: readJson((body) => {
      const data = (body as { data?: unknown } | undefined)?.data;
      if (!Array.isArray(data))
        throw new GradioError('PROTOCOL_ERROR', `${url} answered without output data.`, {
          url,
          endpoint,
        });
      return data as unknown[];
    }),
    unanswered: (cause) =>
      new GradioError('CONNECTION_LOST', `The call to ${url} failed: the app did not answer.`, {
        url,
        endpoint,
        cause,
      }),
  });
}

/**
 * `POST {api}/cancel` for one job, waiting at most `timeout` ms; resolves when answered (whatever
 * the status: the job's own stream says how it ended), rejects when nothing answered.
 */
export function postCancel(
  http: HttpClient,
  apiUrl: string,
  job: { sessionHash: string; fnIndex: number; eventId: string },
  timeout: number,
): Promise<void> {
  return http.ky
    .post(joinUrl(apiUrl, 'cancel'), {
      json: { event_id: job.eventId, session_hash: job.sessionHash, fn_index: job.fnIndex },
      timeout,
    })
    .then(discardBody);
}

/** `GET {api}/queue/data?session_hash=…`: the session's event stream (read by `sseData$`). */
export function openQueueStream(
  http: HttpClient,
  apiUrl: string,
  sessionHash: string,
  signal: AbortSignal,
  signature: string | null = null,
): Promise<Response> {
  const plain = `${joinUrl(apiUrl, 'queue/data')}?session_hash=${encodeURIComponent(sessionHash)}`;
  const url = signature ? signUrl(plain, signature) : plain;
  return http.ky.get(url, { signal, timeout: false, headers: { accept: 'text/event-stream' } });
}

/** `GET {api}/heartbeat/{session}`: the stream that keeps a session (and its state) alive. */
export function openHeartbeat(
  http: HttpClient,
  apiUrl: string,
  sessionHash: string,
  signal: AbortSignal,
  signature: string | null = null,
): Promise<Response> {
  const plain = joinUrl(apiUrl, `heartbeat/${encodeURIComponent(sessionHash)}`);
  const url = signature ? signUrl(plain, signature) : plain;
  return http.ky.get(url, { signal, timeout: false, headers: { accept: 'text/event-stream' } });
}
