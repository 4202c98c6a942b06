import type { EndpointInfo } from '../types/api-info';
import type { ClientContext } from './client-context';
import { postCancel as cancelRoute, queueJoin, type JobRequestOptions } from './gradio-routes';

/** `POST {api}/queue/join` for one job in session `sessionHash`; resolves with its event id. */
export function join(
  ctx: ClientContext,
  sessionHash: string,
  endpoint: EndpointInfo,
  data: unknown[],
  options: JobRequestOptions,
): Promise<string> {
  return queueJoin(ctx.http, ctx.apiUrl, { endpoint, sessionHash, data }, options);
}

/** `POST {api}/cancel` for one job; resolves when answered, rejects on failure. */
export function postCancel(
  ctx: ClientContext,
  sessionHash: string,
  fnIndex: number,
  eventId: string,
): Promise<void> {
  return cancelRoute(ctx.http, ctx.apiUrl, { sessionHash, fnIndex, eventId }, ctx.cancelGrace);
}
