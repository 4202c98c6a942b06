import { defer, switchMap, type Observable } from 'rxjs';
import { part, type Part } from '../transport/load-once';

export type { Part };

// Every part of the client loaded on first use, each defined once here (the transport's one, the
// cookie jar, is beside its user, http-client.ts): each `import()` is a chunk of its own in every
// build, which only the apps that use the part load (an app's bundler drops the parts it never
// names, hence the pure marks).
export const UPLOADS = /*#__PURE__*/ part('uploads', () => import('./upload-files'));
export const DOWNLOADS = /*#__PURE__*/ part('downloads', () => import('./download'));
export const STREAMED_MEDIA = /*#__PURE__*/ part('streamed media', () => import('./media-stream'));
export const STREAMING_INPUTS = /*#__PURE__*/ part(
  'streaming inputs',
  () => import('./stream-job'),
);
export const SPACES = /*#__PURE__*/ part('Spaces', () => import('./open-space'));
export const DUPLICATING = /*#__PURE__*/ part('duplicating Spaces', () => import('./ensure-copy'));
export const LOGIN = /*#__PURE__*/ part('the login', () => import('./login-route'));
// Read only when a request is refused (its status table and actionable texts).
export const FAILURES = /*#__PURE__*/ part(
  'reading a refused request',
  () => import('../protocol/http-failures'),
);

/**
 * An Observable built by a part loaded on first use: at subscription the part is brought in (at
 * once once it is cached), then `make` builds the stream. Code that only some apps need (uploads,
 * downloads, streaming inputs, the Space-id path) so stays out of every other app's initial
 * bundle. Unsubscribing before the part arrived sends nothing.
 */
export function lazy$<M, T>(load: Part<M>, make: (module: M) => Observable<T>): Observable<T> {
  return defer(load).pipe(switchMap(make));
}
