import { defer, switchMap, type Observable } from 'rxjs';

/**
 * An Observable built by code loaded on first use: at subscription `load` (an `import()`) brings
 * the module in (at once once it is cached), then `make` builds the stream. Code that only some
 * apps need (uploads, downloads, streaming inputs, the Space-id path) so stays out of every other
 * app's initial bundle. Unsubscribing before the module arrived sends nothing.
 */
export function lazy$<M, T>(
  load: () => Promise<M>,
  make: (module: M) => Observable<T>,
): Observable<T> {
  return defer(load).pipe(switchMap(make));
}
