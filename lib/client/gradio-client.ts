import { buildApiView, type ViewApiOptions } from '../protocol/api-view';
import { formatApiText } from '../protocol/format-api-text';
import { apiPrefixOf } from '../protocol/parse-config';
import { resolveEndpoint, type EndpointRef } from '../protocol/resolve-endpoint';
import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import type { ApiView, EndpointInfo } from '../types/api-info';
import type { GradioConfig } from '../types/config';

/** Everything a connected client is made of; produced by {@link connect$}. */
export interface GradioClientInit {
  /** The app's root URL, where every request goes. */
  url: string;
  config: GradioConfig;
  endpoints: EndpointInfo[];
  http: HttpClient;
}

/**
 * A connected Gradio app. Get one from {@link connect$}; it holds the app's config, its API
 * description and the connection's credentials (login cookie, token).
 *
 * @example
 * ```ts
 * const client = await firstValueFrom(connect$('http://127.0.0.1:7860').pipe(onlyClient()));
 * console.log(client.viewApi({ format: 'text' }));
 * ```
 */
export class GradioClient {
  /** The app's root URL (no trailing slash), where every request goes. */
  readonly url: string;
  /** The app's API base: `url` plus the API prefix (`/gradio_api` on Gradio 5+). */
  readonly apiUrl: string;
  /** The raw config the app served. */
  readonly config: GradioConfig;
  /** @internal The HTTP layer (credentials, cookies). */
  readonly http: HttpClient;
  private readonly endpoints: EndpointInfo[];

  /** @internal Use {@link connect$}. */
  constructor(init: GradioClientInit) {
    this.url = init.url;
    this.config = init.config;
    this.apiUrl = joinUrl(init.url, apiPrefixOf(init.config));
    this.endpoints = init.endpoints;
    this.http = init.http;
  }

  /** The Gradio version of the server, e.g. `"6.31.0"`. */
  get version(): string {
    return typeof this.config.version === 'string' ? this.config.version : 'unknown';
  }

  /**
   * The app's API: every endpoint a client may call, with its parameters (name, type, default,
   * component, example) and return values. Undocumented endpoints are left out unless
   * `{ all: true }`; private ones are never listed. With `{ format: 'text' }` it returns a readable
   * page that shows how to call each endpoint from gradio-rx.
   *
   * @example
   * ```ts
   * const api = client.viewApi();
   * console.log(Object.keys(api.namedEndpoints)); // ['/predict']
   * console.log(client.viewApi({ format: 'text' }));
   * ```
   */
  viewApi(options?: ViewApiOptions & { format?: 'json' }): ApiView;
  viewApi(options: ViewApiOptions & { format: 'text' }): string;
  viewApi(options: ViewApiOptions & { format?: 'json' | 'text' } = {}): ApiView | string {
    const view = buildApiView(this.url, this.version, this.endpoints, options);
    return options.format === 'text' ? formatApiText(view) : view;
  }

  /**
   * Looks up an endpoint by name (`'/predict'`) or fn index. Throws an `EndpointError`
   * (`UNKNOWN_ENDPOINT`, listing the valid names, or `PRIVATE_ENDPOINT`) without any request.
   */
  endpoint(ref: EndpointRef): EndpointInfo {
    const result = resolveEndpoint(this.endpoints, ref);
    if (!result.ok) throw result.error;
    return result.value;
  }
}
