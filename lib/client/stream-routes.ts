import { GradioError } from '../errors/gradio-error';
import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import type { EndpointInfo } from '../types/api-info';
import { callRoute, discardBody } from './call-route';
import { predictBody, refOf } from './gradio-routes';
import { refusedRequest } from './refusals';

/** The routes of a streaming job (a `.stream()` listener): its chunks, and its close. */

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
    refused: (status, text) => refusedRequest({ route: 'chunk', status, text, url, endpoint }),
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
