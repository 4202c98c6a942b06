/**
 * Resolves once the runtime has finished releasing the sockets let go of before the call. In
 * Node that takes two turns of the event loop: a socket whose request was aborted is closed in
 * the loop's close phase, which follows the `setImmediate` phase, and a socket handed back to
 * fetch's keep-alive pool is unref'd (it no longer keeps the process alive) in a `setImmediate`.
 * Elsewhere (browsers) it resolves at once: the browser owns its connections.
 */
export function socketsSettled(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown })
    .setImmediate;
  if (typeof immediate !== 'function') return Promise.resolve();
  return new Promise<void>((resolve) => immediate(() => immediate(resolve)));
}
