/**
 * Normalises a user-given app URL: http(s) only, query and hash dropped, trailing slashes trimmed
 * (the sub-path is kept). Returns null when the string is not an http(s) URL.
 */
export function normalizeAppUrl(source: string): string | null {
  let url: URL;
  try {
    url = new URL(source.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/** Joins a base URL (no trailing slash needed) and a path of one or more segments. */
export function joinUrl(base: string, path: string): string {
  const left = base.replace(/\/+$/, '');
  if (!path) return left;
  return `${left}/${path.replace(/^\/+/, '')}`;
}

/** The origin (`scheme://host:port`) of a URL, or null for a string that is not a URL. */
export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
