import {
  combineLatest,
  forkJoin,
  last,
  type Observable,
  type OperatorFunction,
  switchMap,
} from 'rxjs';

/** Branches of {@link fanOut}: each turns the input into a stream of results (e.g. a predict$). */
export type FanOutBranches<T> = Record<string, (input: T) => Observable<unknown>>;

/** The combined result of {@link fanOut}: one entry per branch, typed from the branch's stream. */
export type FanOutResult<B> = {
  [K in keyof B]: B[K] extends (input: never) => Observable<infer R> ? R : never;
};

/** Options of {@link fanOut}. */
export interface FanOutConfig {
  /**
   * `'all'`: emit once, when every branch has finished, with each branch's last value
   * (`forkJoin`). `'latest'`: emit whenever any branch emits, once all have emitted
   * (`combineLatest`), so generator outputs stream through.
   * @default 'all'
   */
  mode?: 'all' | 'latest';
}

/**
 * Sends each input to several apps at once and combines their results into one typed object.
 * A new input cancels the branches still running for the previous one (`switchMap`); an error
 * in any branch errors the result and cancels the other branches on their servers.
 *
 * @example
 * ```ts
 * text$.pipe(
 *   fanOut({
 *     sentiment: (t) => sentimentApp.predict$<[string]>('/predict', [t]),
 *     summary: (t) => summaryApp.predict$<[string]>('/summarize', { text: t }),
 *   }),
 * ).subscribe(({ sentiment: [mood], summary: [short] }) => console.log(mood, short));
 * ```
 */
export function fanOut<T, B extends FanOutBranches<T>>(
  branches: B,
  config: FanOutConfig = {},
): OperatorFunction<T, FanOutResult<B>> {
  const mode = config.mode ?? 'all';
  return switchMap((input: T) => {
    const streams = Object.fromEntries(
      Object.entries(branches).map(([key, branch]) => [
        key,
        mode === 'all' ? branch(input).pipe(last()) : branch(input),
      ]),
    ) as Record<string, Observable<unknown>>;
    return (mode === 'all' ? forkJoin(streams) : combineLatest(streams)) as Observable<
      FanOutResult<B>
    >;
  });
}
