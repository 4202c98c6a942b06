import { firstValueFrom, Observable, shareReplay } from 'rxjs';
import { connect$ } from '../client/connect';
import type { GradioClient } from '../client/gradio-client';
import { onlyClient } from '../operators/only-client';
import type { ConnectOptions } from '../types/options';

const cache = new Map<string, Observable<GradioClient>>();

const keyOf = (source: string, options: ConnectOptions): string =>
  JSON.stringify([
    source.trim().replace(/\/+$/, ''),
    options.hfToken ?? null,
    options.auth ?? null,
    options.hubUrl ?? null,
    options.headers ?? null,
  ]);

/**
 * One connection per app, shared by every consumer (`shareReplay`): the first subscriber
 * connects, later ones get the same client at once. A failed connection is forgotten, so the
 * next subscriber tries again. Different credentials get different clients. Use
 * {@link forgetSharedClients} to close and drop them (tests, logout).
 *
 * @example
 * ```ts
 * const app$ = sharedClient$('owner/space', { hfToken });
 * app$.pipe(switchMap((c) => c.predict$('/a', [1]))).subscribe(...);
 * app$.pipe(switchMap((c) => c.predict$('/b', [2]))).subscribe(...); // same client
 * ```
 */
export function sharedClient$(
  source: string,
  options: ConnectOptions = {},
): Observable<GradioClient> {
  const key = keyOf(source, options);
  let shared = cache.get(key);
  if (!shared) {
    shared = new Observable<GradioClient>((subscriber) =>
      connect$(source, options)
        .pipe(onlyClient())
        .subscribe({
          next: (client) => subscriber.next(client),
          error: (error: unknown) => {
            cache.delete(key);
            subscriber.error(error);
          },
          complete: () => subscriber.complete(),
        }),
    ).pipe(shareReplay({ bufferSize: 1, refCount: false }));
    cache.set(key, shared);
  }
  return shared;
}

/** Closes every client made by {@link sharedClient$} (waiting for pending connections) and forgets them. */
export async function forgetSharedClients(): Promise<void> {
  const entries = [...cache.values()];
  cache.clear();
  await Promise.all(
    entries.map((client$) =>
      firstValueFrom(client$).then(
        (client) => client.close(),
        () => undefined, // a connection that failed left nothing to close
      ),
    ),
  );
}
