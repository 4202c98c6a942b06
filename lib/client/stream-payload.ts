import { finalize, isObservable, Observable, of } from 'rxjs';
import { ArgumentError } from '../errors/call-errors';
import type { GradioError } from '../errors/gradio-error';
import type { Payload } from '../protocol/build-payload';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitEvent } from '../types/events';
import type { SubmitOptions } from '../types/options';
import type { ClientContext } from './client-context';
import { holdInputs } from './held-input';
import { lazy$, STREAMING_INPUTS } from './lazy';

/** The keys (array indexes or parameter names) of a payload's Observable values. */
export function streamingKeys(payload: Payload | undefined): Array<number | string> {
  if (payload === undefined) return [];
  const entries: Array<[number | string, unknown]> = Array.isArray(payload)
    ? payload.map((value, i) => [i, value])
    : Object.entries(payload);
  return entries.flatMap(([key, value]) => (isObservable(value) ? [key] : []));
}

/**
 * `payload` for a stream endpoint called with plain values: each streaming parameter's value
 * becomes a one-chunk Observable, so the call is a stream of one chunk that is closed once
 * processed (a plain join would leave the server waiting for chunks until its timeout).
 */
export function asOneChunk(
  endpoint: EndpointInfo,
  payload: Payload | undefined,
): Payload | undefined {
  const names = new Set(endpoint.stream?.parameters ?? []);
  if (payload === undefined || names.size === 0) return payload;
  const wrap = (value: unknown): unknown =>
    value === undefined || isObservable(value) ? value : of(value);
  if (Array.isArray(payload))
    return payload.map((value, i) =>
      names.has(endpoint.parameters[i]?.name ?? '') ? wrap(value) : value,
    );
  const copy: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const name of names) if (name in copy) copy[name] = wrap(copy[name]);
  return copy;
}

/**
 * `payload` with each Observable replaced by null: the shape a streaming payload is checked with
 * (names, count) before anything is sent; its chunks are checked as they come.
 */
export function withoutStreams(payload: Payload | undefined): Payload | undefined {
  if (payload === undefined) return payload;
  if (Array.isArray(payload)) return payload.map((value) => (isObservable(value) ? null : value));
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [key, isObservable(value) ? null : value]),
  );
}

/**
 * The refusal for Observable inputs that cannot stream: the endpoint is not a `.stream()`
 * listener (or the server is older than Gradio 5, which has no stream routes).
 */
export function notStreamable(endpoint: EndpointInfo, keys: Array<number | string>): GradioError {
  const ref = endpoint.name ?? endpoint.fnIndex;
  return new ArgumentError(
    `${String(ref)} is not a stream endpoint, so it cannot take an Observable (${keys
      .map((k) => (typeof k === 'number' ? `argument ${k}` : `"${k}"`))
      .join(
        ', ',
      )}). Pass plain values, or call an endpoint of a .stream() listener (Gradio 5 or later; see viewApi(): stream).`,
    { endpoint: ref },
  );
}

/** The value at `key` (an array index or a parameter name) of a payload. */
export const valueAt = (payload: Payload, key: number | string): unknown =>
  (payload as Record<number | string, unknown>)[key];

/**
 * `payload` with `values` in place of the values at their keys: each streaming input's latest
 * value (a chunk), or the held input that stands for its Observable.
 */
export function snapshot(payload: Payload, values: Map<number | string, unknown>): Payload {
  if (Array.isArray(payload))
    return payload.map((value, i) => (values.has(i) ? values.get(i) : value));
  const copy: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const [key, value] of values) copy[key as string] = value;
  return copy;
}

/**
 * A streaming job (see `streamJob$`), whose code is loaded when an app first streams an input.
 * Its Observable inputs are subscribed at once, as the job itself would, and what they emit while
 * the code loads is held for it, in the order it came, so no chunk of a hot input is lost.
 */
export function streamJobOnDemand$(
  ctx: ClientContext,
  endpoint: EndpointInfo,
  payload: Payload,
  keys: Array<number | string>,
  options: SubmitOptions,
): Observable<SubmitEvent> {
  return new Observable<SubmitEvent>((subscriber) => {
    const inputs = holdInputs(keys.map((key) => valueAt(payload, key) as Observable<unknown>));
    const held = snapshot(payload, new Map(keys.map((key, i) => [key, inputs.taken[i]])));
    return lazy$(STREAMING_INPUTS, ({ streamJob$ }) =>
      streamJob$(ctx, endpoint, held, keys, options),
    )
      .pipe(finalize(inputs.drop))
      .subscribe(subscriber);
  });
}
