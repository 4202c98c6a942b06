import type { ApiView, EndpointInfo } from '../types/api-info';
import type { AppPage } from './app-pages';

/** Options of `client.viewApi()`. */
export interface ViewApiOptions {
  /**
   * Also list undocumented endpoints (hidden from the app's API page but callable).
   * Private endpoints are never listed: they cannot be called. `@gr.render` functions are listed
   * either way (`renderId`), since calling them is how the rendered endpoints appear.
   * @default false
   */
  all?: boolean;
}

/** A multipage app's pages, and the one a client was connected to (null: the whole app). */
export interface PagesView {
  pages: AppPage[];
  page: string | null;
}

/**
 * Selects the endpoints a user may see and groups them as named / unnamed; `site` says which pages
 * the app has and which one the endpoints are of.
 */
export function buildApiView(
  url: string,
  version: string,
  endpoints: EndpointInfo[],
  options: ViewApiOptions = {},
  site: PagesView = { pages: [], page: null },
): ApiView {
  const view: ApiView = {
    url,
    version,
    pages: site.pages,
    page: site.page,
    namedEndpoints: {},
    unnamedEndpoints: {},
  };
  for (const endpoint of endpoints) {
    if (endpoint.visibility === 'private') continue;
    // Render functions are undocumented, yet they are how a client gets the rendered endpoints.
    if (endpoint.visibility === 'undocumented' && !options.all && endpoint.renderId === null)
      continue;
    if (endpoint.name) view.namedEndpoints[endpoint.name] = endpoint;
    else view.unnamedEndpoints[endpoint.fnIndex] = endpoint;
  }
  return view;
}
