import {
  concatMap,
  defer,
  exhaustMap,
  mergeMap,
  switchMap,
  type Observable,
  type OperatorFunction,
} from 'rxjs';
import type { GradioClient } from '../client/gradio-client';
import type { Payload } from '../protocol/build-payload';
import type { EndpointRef } from '../protocol/resolve-endpoint';

/** How {@link predictEach} handles a new input while a job is still running. */
export type PredictStrategy =
  /** Cancel the running job (on the server) and start one for the new input. */
  | 'switch'
  /** Queue inputs; one job at a time, in order. */
  | 'concat'
  /** Run up to `concurrency` jobs at once. */
  | 'merge'
  /** Ignore inputs that arrive while a job runs. */
  | 'exhaust';

/** Options of {@link predictEach}. */
export interface PredictEachConfig<T> {
  /**
   * Turns an upstream value into the endpoint's payload.
   * @default the value itself, as a one-element positional payload ([value])
   */
  payload?: (value: T, index: number) => Payload;
  /**
   * What to do with inputs that arrive while a job runs.
   * @default 'switch'
   */
  strategy?: PredictStrategy;
  /**
   * With `strategy: 'merge'`, how many jobs may run at once.
   * @default 4
   */
  concurrency?: number;
}

/**
 * Runs an endpoint for each upstream value and emits its outputs: the building block for feeding
 * one app's output into another's input. Cancellation flows upstream to the server: with the
 * default `switch` strategy a new value cancels the job still running for the previous one, and
 * unsubscribing cancels whatever runs.
 *
 * @example
 * ```ts
 * // Text from one Space into a second app, latest input wins:
 * prompts$.pipe(
 *   predictEach(writer, '/generate'),               // emits [text] per update
 *   map(([text]) => text),
 *   predictEach(translator, '/translate', { payload: (text) => ({ text, lang: 'fr' }) }),
 * ).subscribe(([french]) => render(french));
 * ```
 */
export function predictEach<T, R extends unknown[] = unknown[]>(
  client: GradioClient,
  endpoint: EndpointRef,
  config: PredictEachConfig<T> = {},
): OperatorFunction<T, R> {
  const toPayload = config.payload ?? ((value: T): Payload => [value]);
  const run = (value: T, index: number): Observable<R> =>
    defer(() => client.predict$<R>(endpoint, toPayload(value, index)));
  switch (config.strategy ?? 'switch') {
    case 'switch':
      return switchMap(run);
    case 'concat':
      return concatMap(run);
    case 'exhaust':
      return exhaustMap(run);
    case 'merge':
      return mergeMap(run, Math.max(1, config.concurrency ?? 4));
  }
}
