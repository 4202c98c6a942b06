import { GradioError } from '../errors/gradio-error';
import { errorForJoinResponse } from '../protocol/http-failures';
import { joinUrl } from '../protocol/url';
import type { EndpointInfo } from '../types/api-info';
import type { ClientContext } from './client-context';
import { postPredict, type JobRequestOptions } from './post-predict';

/** `POST {api}/queue/join` for one job in session `sessionHash`; resolves with its event id. */
export async function join(
  ctx: ClientContext,
  sessionHash: string,
  endpoint: EndpointInfo,
  data: unknown[],
  options: JobRequestOptions,
): Promise<string> {
  const url = joinUrl(ctx.apiUrl, 'queue/join');
  const ref = endpoint.name ?? endpoint.fnIndex;
  let response: Response;
  try {
    response = await postPredict(
      ctx,
      url,
      { fnIndex: endpoint.fnIndex, sessionHash, data },
      options,
    );
  } catch (error) {
    throw new GradioError(
      'CONNECTION_LOST',
      `Could not submit the job to ${url}: the app did not answer.`,
      { url, endpoint: ref, cause: error },
    );
  }
  const text = ctx.http.redact(await response.text());
  if (!response.ok) throw errorForJoinResponse(response.status, text, url, ref);
  let eventId: unknown;
  try {
    eventId = (JSON.parse(text) as { event_id?: unknown }).event_id;
  } catch {
    eventId = undefined;
  }
  if (typeof eventId !== 'string' || !eventId) {
    throw new GradioError(
      'PROTOCOL_ERROR',
      `The queue accepted the job but sent no event id: ${text.slice(0, 200)}`,
      { url, endpoint: ref },
    );
  }
  return eventId;
}

/** `POST {api}/cancel` for one job; resolves when answered, rejects on failure. */
export function postCancel(
  ctx: ClientContext,
  sessionHash: string,
  fnIndex: number,
  eventId: string,
): Promise<void> {
  return ctx.http.ky
    .post(joinUrl(ctx.apiUrl, 'cancel'), {
      json: { event_id: eventId, session_hash: sessionHash, fn_index: fnIndex },
      timeout: ctx.cancelGrace,
    })
    .then((response) => response.body?.cancel());
}
