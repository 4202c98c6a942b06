import { defer, switchMap, type Observable } from 'rxjs';
import { GradioError } from '../errors/gradio-error';

/** The parts loaded or loading, by name. */
const parts = new Map<string, Promise<unknown>>();

/**
 * Brings in a part of gradio-rx that is loaded on first use (an `import()` of one of its chunks).
 * A chunk that does not arrive (a page offline, a host that serves only some of the package's
 * files) is a typed `CONNECTION_LOST` naming the part, not a bare loader error.
 */
export function loadPart<M>(part: string, load: () => Promise<M>): Promise<M> {
  // Concurrent first uses share one import; a failed one is forgotten, so the next use retries.
  const loading = parts.get(part) as Promise<M> | undefined;
  if (loading) return loading;
  const next = load().catch((cause: unknown) => {
    parts.delete(part);
    throw new GradioError(
      'CONNECTION_LOST',
      `Loading the gradio-rx code for ${part} failed (${cause instanceof Error ? cause.message : String(cause)}): check the connection, and that every file of the package's dist/ folder is served.`,
      { cause },
    );
  });
  parts.set(part, next);
  return next;
}

/**
 * An Observable built by code loaded on first use: at subscription `load` (an `import()`) brings
 * the module in (at once once it is cached; see {@link loadPart}), then `make` builds the stream.
 * Code that only some apps need (uploads, downloads, streaming inputs, the Space-id path) so stays
 * out of every other app's initial bundle. Unsubscribing before the module arrived sends nothing.
 */
export function lazy$<M, T>(
  part: string,
  load: () => Promise<M>,
  make: (module: M) => Observable<T>,
): Observable<T> {
  return defer(() => loadPart(part, load)).pipe(switchMap(make));
}
