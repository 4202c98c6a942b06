import type { ClientContext } from './client-context';

/** Per-job options that reach the wire. */
export interface JobRequestOptions {
  /** Extra headers for the join request (e.g. ZeroGPU headers); sent to the app's origin only. */
  headers?: Record<string, string>;
}

/**
 * POSTs Gradio's predict body (`{data, fn_index, session_hash, event_data, trigger_id}`), as both
 * `/queue/join` and the unqueued `/run/{name}` expect it, marked as an API call (`x-gradio-user`),
 * with the job's extra headers only when `url` is on the app's own origin.
 */
export function postPredict(
  ctx: ClientContext,
  url: string,
  body: { fnIndex: number; sessionHash: string; data: unknown[] },
  options: JobRequestOptions,
  signal?: AbortSignal,
): Promise<Response> {
  return ctx.http.ky.post(url, {
    json: {
      data: body.data,
      fn_index: body.fnIndex,
      session_hash: body.sessionHash,
      event_data: null,
      trigger_id: null,
    },
    headers: { 'x-gradio-user': 'api', ...(ctx.http.isTrusted(url) ? options.headers : {}) },
    ...(signal ? { signal } : {}),
  });
}
