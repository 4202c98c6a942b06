import { ConfigError } from '../errors/connect-errors';
import { GradioError } from '../errors/gradio-error';
import {
  errorForAppResponse,
  errorForLoginResponse,
  errorForRequestFailure,
  type CredentialsGiven,
} from '../protocol/http-failures';
import { signUrl } from '../protocol/signed-urls';
import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import type { ByteSource } from '../transport/local-file';
import { multipartStream } from '../transport/multipart';
import { isNode, nodeStreamUpload } from '../transport/node-upload';
import type { EndpointInfo } from '../types/api-info';
import type { RawApiInfo } from '../types/config';
import type { FileData } from '../types/file-data';
import { callRoute, discardBody, readJson, unreachable, type Answer } from './call-route';

/**
 * Every route of a Gradio app the client calls, with its URL, request shape and answer. `base` is
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
    refused: (status) => errorForLoginResponse(status, base, url),
    read: discardBody,
    unanswered: (cause) => unreachable(cause, base),
  });
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
  const bounded =
    timeout === false ? signal : AbortSignal.any([signal, AbortSignal.timeout(timeout)]);
  return callRoute({
    send: () => http.ky.get(url, { signal: bounded, timeout: false }),
    redact: (text) => http.redact(text),
    refused: (status, text) => errorForAppResponse(status, text, url, given),
    read: readJson((body, answer) => {
      if (body === undefined)
        throw new ConfigError(`${url} did not answer with JSON. Is this a Gradio app?`, {
          url,
          status: answer.status,
        });
      return check(body, answer);
    }),
    unanswered: (cause) => unreachable(cause, url, timeout),
  });
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
const predictBody = (request: PredictRequest) => ({
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

const refOf = (endpoint: EndpointInfo): string | number => endpoint.name ?? endpoint.fnIndex;

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
    refused: (status, text) =>
      errorForRequestFailure({ route: 'join', status, text, url, endpoint }),
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
    refused: (status, text) =>
      errorForRequestFailure({ route: 'run', status, text, url, endpoint }),
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

/** One chunk of a streaming job: all its inputs (wire form), for the running event. */
export interface ChunkRequest {
  endpoint: EndpointInfo;
  eventId: string;
  sessionHash: string;
  data: unknown[];
  /** Each chunk replaces the job's body at the server, so it carries the job's token too. */
  oauthToken?: string;
}

/**
 * `POST {api}/stream/{event_id}` with every input of a streaming job (the predict body); the
 * server hands the data to the running event, which processes it next. Resolves `true` when the
 * event took it, `false` when the event is over on the server (Gradio 6 answers 404, Gradio 5 a
 * 500 for an event it no longer has): the job's own stream says how it ended. Other refusals (a
 * proxy's 502 or 503, ...) are typed by the status table.
 */
export function sendChunk(
  http: HttpClient,
  apiUrl: string,
  request: ChunkRequest,
  signal: AbortSignal,
): Promise<boolean> {
  const url = joinUrl(apiUrl, `stream/${encodeURIComponent(request.eventId)}`);
  const endpoint = refOf(request.endpoint);
  // 404: Gradio 6's answer for an event it no longer has; 500: Gradio 5's (its lookup raises).
  const over = (response: Response): boolean => response.status === 404 || response.status === 500;
  return callRoute({
    // The hot path of a streaming input: the lean POST, not ky (see HttpClient.postJson).
    send: () =>
      http.postJson(url, predictBody(request), { headers: { 'x-gradio-user': 'api' }, signal }),
    redact: (text) => http.redact(text),
    accepts: (response) => response.ok || over(response),
    refused: (status, text) =>
      errorForRequestFailure({ route: 'chunk', status, text, url, endpoint }),
    read: async (response) => {
      await discardBody(response);
      return response.ok;
    },
    unanswered: (cause) =>
      new GradioError(
        'CONNECTION_LOST',
        `Could not send a chunk to ${url}: the app did not answer.`,
        { url, endpoint, cause },
      ),
  });
}

/**
 * `POST {api}/stream/{event_id}/close`, waiting at most `timeout` ms: the server stops waiting for
 * chunks and ends the job (with its last result). Resolves when answered, whatever the status (an
 * event already over answers 404); rejects when nothing answered.
 */
export function closeStream(
  http: HttpClient,
  apiUrl: string,
  eventId: string,
  timeout: number,
): Promise<void> {
  return http.ky
    .post(joinUrl(apiUrl, `stream/${encodeURIComponent(eventId)}/close`), {
      json: {},
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

/** A file to upload, with what its errors name. */
export interface UploadRequest {
  name: string;
  mimeType: string;
  blob: ByteSource;
  size: number | null;
  /** The app's `max_file_size`, when the config gave one. */
  maxSize: number | null;
}

function uploadId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `POST {api}/upload?upload_id=…` with one file as multipart field `files`; resolves with the
 * server's path for it. In Node the body is a stream pulled by the socket (`node:http`, so a large
 * file is never held in memory) and `onProgress` reports the file bytes sent; browsers get a
 * FormData body over fetch (no progress in between).
 */
export function uploadFile(
  http: HttpClient,
  apiUrl: string,
  file: UploadRequest,
  signal: AbortSignal,
  onProgress: (loaded: number) => void,
): Promise<string> {
  const url = `${joinUrl(apiUrl, 'upload')}?upload_id=${uploadId()}`;
  const { name, size, maxSize } = file;
  const send = (): Promise<Response> => {
    if (!isNode()) {
      // Only Blobs reach this path: local files (the other kind of ByteSource) are Node-only.
      const form = new FormData();
      form.append('files', file.blob as Blob, name);
      return http.ky.post(url, { body: form, timeout: false, signal });
    }
    const { body, contentType } = multipartStream(
      [{ field: 'files', filename: name, contentType: file.mimeType, blob: file.blob }],
      (_index, loaded) => onProgress(loaded),
    );
    const headers = {
      ...http.identity,
      ...http.credentialHeaders(url),
      'content-type': contentType,
    };
    return nodeStreamUpload(url, headers, body, signal);
  };
  return callRoute({
    send,
    redact: (text) => http.redact(text),
    refused: (status, text) =>
      errorForRequestFailure({ route: 'upload', status, text, url, file: { name, size, maxSize } }),
    read: readJson((paths) => {
      const path = Array.isArray(paths) ? (paths[0] as unknown) : undefined;
      if (typeof path !== 'string')
        throw new GradioError('PROTOCOL_ERROR', `The upload of "${name}" returned no file path.`, {
          url,
        });
      return path;
    }),
    unanswered: (cause) =>
      new GradioError('UPLOAD_FAILED', `Uploading "${name}" failed: the connection broke.`, {
        url,
        cause,
      }),
  });
}

/** The absolute URL of a file reference: its `url`, or the app's file route for its `path`. */
export function fileUrl(apiUrl: string, file: FileData | string): string {
  if (typeof file === 'string') return new URL(file, `${apiUrl}/`).href;
  if (file.url) return new URL(file.url, `${apiUrl}/`).href;
  return joinUrl(apiUrl, `file=${file.path}`);
}

/** A downloaded file. */
export interface DownloadedFile {
  data: Uint8Array;
  mimeType: string | null;
}

/** What {@link readFile} learnt about a file once its body was read. */
export interface ReadFile {
  size: number;
  mimeType: string | null;
}

/** Joins byte chunks into one array of `size` bytes. */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const data = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return data;
}

/**
 * `GET` a file (see {@link fileUrl}), following redirects hop by hop so credentials go only to
 * trusted origins, and hands each chunk of its body to `onChunk` as it arrives, with the bytes
 * `loaded` so far, the `total` the server announced (or null) and the content type.
 */
export function readFile(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  onChunk: (
    chunk: Uint8Array,
    loaded: number,
    total: number | null,
    mimeType: string | null,
  ) => void,
): Promise<ReadFile> {
  return callRoute({
    send: () => http.getFollowingRedirects(url, { signal, timeout: false }),
    redact: (text) => http.redact(text),
    accepts: (response) => response.ok && response.body !== null,
    refused: (status, text) => errorForRequestFailure({ route: 'download', status, text, url }),
    read: async (response) => {
      const length = Number(response.headers.get('content-length'));
      const total = Number.isFinite(length) && length > 0 ? length : null;
      const mimeType = response.headers.get('content-type');
      let loaded = 0;
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        loaded += value.byteLength;
        onChunk(value, loaded, total, mimeType);
      }
      return { size: loaded, mimeType };
    },
    unanswered: (cause) =>
      new GradioError('CONNECTION_LOST', `Downloading ${url} failed: ${(cause as Error).message}`, {
        url,
        cause,
      }),
  });
}

/** {@link readFile} into memory; `onProgress(loaded, total)` reports bytes as they arrive. */
export async function downloadFile(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  onProgress: (loaded: number, total: number | null) => void,
): Promise<DownloadedFile> {
  const chunks: Uint8Array[] = [];
  const { size, mimeType } = await readFile(http, url, signal, (chunk, loaded, total) => {
    chunks.push(chunk);
    onProgress(loaded, total);
  });
  return { data: joinChunks(chunks, size), mimeType };
}

/** Any request to a sleeping Space wakes it: `GET {host}/config`, whose answer does not matter. */
export function wakeApp(http: HttpClient, host: string, signal: AbortSignal): Promise<void> {
  return http.ky
    .get(joinUrl(host, 'config'), { signal })
    .then(discardBody)
    .catch(() => undefined);
}
