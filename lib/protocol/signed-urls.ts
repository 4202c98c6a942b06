import type { FileData } from '../types/file-data';
import { mapFileData } from './file-walk';

/** The app routes a Hugging Face proxy lets through with a `__sign` query instead of a token. */
const SIGNED_ROUTES = ['/file=', '/file/', '/stream/', '/proxy='];

/** `url` with `__sign=<signature>` in its query. Pure. */
export function signUrl(url: string, signature: string): string {
  const signed = new URL(url);
  signed.searchParams.set('__sign', signature);
  return signed.href;
}

/**
 * Whether `url` is one of the app's own file or stream routes under `apiUrl` (same origin, same
 * API path): the only URLs a signature is added to, so it never reaches another host. Pure.
 */
export function isSignable(url: string, apiUrl: string): boolean {
  let target: URL;
  let api: URL;
  try {
    target = new URL(url);
    api = new URL(apiUrl);
  } catch {
    return false;
  }
  if (target.origin !== api.origin) return false;
  const base = api.pathname.replace(/\/+$/, '');
  return SIGNED_ROUTES.some((route) => target.pathname.startsWith(`${base}${route}`));
}

/**
 * A copy of output `data` whose file references on the app's file and stream routes carry the
 * signature, so a page can load them without headers (`<img src>`, `<audio src>`). Pure.
 */
export function signFileUrls<T>(data: T, apiUrl: string, signature: string): T {
  return mapFileData(data, (file: FileData) =>
    typeof file.url === 'string' && isSignable(file.url, apiUrl)
      ? { ...file, url: signUrl(file.url, signature) }
      : file,
  );
}
