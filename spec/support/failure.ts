/**
 * The error `promise` rejects with; rejects itself if the promise resolves, so a spec that expects
 * a failure can never pass on a success.
 */
export const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => Promise.reject(new Error('expected a failure, but the call succeeded')),
    (error: unknown) => error,
  );
