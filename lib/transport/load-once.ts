import { GradioError } from '../errors/gradio-error';

/** A part of gradio-rx loaded on first use: call it to bring the part's module in. */
export type Part<M> = () => Promise<M>;

/** The parts loaded or loading, by name. */
const loaded = new Map<string, Promise<unknown>>();

/**
 * `load()` once for `name`: concurrent and later uses share its promise, and a load that fails is
 * forgotten (the next use tries again). A failure (a page offline, a host that serves only some
 * of the package's files) is a typed `CONNECTION_LOST` naming the part, not a bare loader error.
 */
export function loadOnce<M>(name: string, load: () => Promise<M>): Promise<M> {
  const loading = loaded.get(name) as Promise<M> | undefined;
  if (loading) return loading;
  const next = load().catch((cause: unknown) => {
    loaded.delete(name);
    throw new GradioError(
      'CONNECTION_LOST',
      `Loading the gradio-rx code for ${name} failed (${cause instanceof Error ? cause.message : String(cause)}): check the connection, and that every file of the package's dist/ folder is served.`,
      { cause },
    );
  });
  loaded.set(name, next);
  return next;
}

/** A part named `name`, whose module `load` imports (see {@link loadOnce}). */
export function part<M>(name: string, load: () => Promise<M>): Part<M> {
  return () => loadOnce(name, load);
}
