import type { GradioConfig } from '../types/config';

/** One page of a multipage app (`demo.route(name, path)`, Gradio 5+). */
export interface AppPage {
  /** The page's path under the app root, without slashes: `''` for the home page. */
  path: string;
  /** Its title in the app's navigation bar. */
  name: string;
  /** Whether the navigation bar shows it. */
  showInNavbar: boolean;
}

/**
 * The app's pages, from the config's `pages` (`[[path, name, show_in_navbar], ...]`); empty for a
 * single-page app or a server before Gradio 5. Pure.
 */
export function pagesOf(config: GradioConfig): AppPage[] {
  const raw = Array.isArray(config.pages) ? (config.pages as unknown[]) : [];
  return raw.flatMap((entry) =>
    Array.isArray(entry) && typeof entry[0] === 'string'
      ? [
          {
            path: entry[0].replace(/^\/+|\/+$/g, ''),
            name: typeof entry[1] === 'string' ? entry[1] : entry[0],
            showInNavbar: entry[2] !== false,
          },
        ]
      : [],
  );
}

/**
 * The fn indexes of a page's endpoints (`config.page[path].dependencies`), or null when the
 * config does not say (no such page). Pure.
 */
export function pageDependencies(config: GradioConfig, path: string): Set<number> | null {
  const pages = config.page;
  if (typeof pages !== 'object' || pages === null) return null;
  const page = (pages as Record<string, unknown>)[path];
  const ids = (page as { dependencies?: unknown } | undefined)?.dependencies;
  return Array.isArray(ids)
    ? new Set(ids.filter((id): id is number => typeof id === 'number'))
    : null;
}

/**
 * For a URL that is not an app root, the app root and page it may name: `http://host/app/second`
 * → `{ root: 'http://host/app', page: 'second' }`; null when the URL has no path to split. Pure.
 */
export function splitPageUrl(base: string): { root: string; page: string } | null {
  const url = new URL(base);
  const segments = url.pathname.split('/').filter(Boolean);
  const page = segments.pop();
  if (page === undefined) return null;
  url.pathname = `/${segments.join('/')}`;
  return { root: url.href.replace(/\/+$/, ''), page: decodeURIComponent(page) };
}
