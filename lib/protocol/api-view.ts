import type { ApiView, EndpointInfo } from '../types/api-info';

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

/** Selects the endpoints a user may see and groups them as named / unnamed. */
export function buildApiView(
  url: string,
  version: string,
  endpoints: EndpointInfo[],
  options: ViewApiOptions = {},
): ApiView {
  const view: ApiView = { url, version, namedEndpoints: {}, unnamedEndpoints: {} };
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
