import { AppNotFoundError } from '../errors/connect-errors';
import { isGradioError } from '../errors/gradio-error';
import { pageDependencies, pagesOf, splitPageUrl, type AppPage } from '../protocol/app-pages';
import { buildEndpoints } from '../protocol/build-endpoints';
import type { CredentialsGiven } from '../protocol/http-failures';
import {
  apiPrefixOf,
  appRootOf,
  hasReplica,
  parseConfig,
  serverRootOf,
} from '../protocol/parse-config';
import { joinUrl, normalizeAppUrl, originOf } from '../protocol/url';
import { HttpClient } from '../transport/http-client';
import type { EndpointInfo } from '../types/api-info';
import type { GradioConfig } from '../types/config';
import type { ResolvedConnectOptions } from '../types/options';
import { GradioClient } from './gradio-client';
import { getConfig, getInfo, infoUrl, type ConfigAnswer } from './gradio-routes';
import { LOGIN } from './lazy';
import { replicaUrl } from './replica-pin';

/** The API prefix of Gradio 5 and later (Gradio 4 has none). */
const SPECULATIVE_API_PREFIX = '/gradio_api';

/**
 * Connects to a Gradio app by URL: optional login, then `/config` and `{api}/info` (in parallel
 * when the API prefix can be guessed). Returns the ready client or throws a typed error. Every
 * request honours `signal`.
 */
export async function openApp(
  source: string,
  options: ResolvedConnectOptions,
  signal: AbortSignal,
  extraTrusted: string[] = [],
  signature: string | null = null,
): Promise<GradioClient> {
  const base = normalizeAppUrl(source);
  if (!base) {
    throw new AppNotFoundError(
      'APP_NOT_FOUND',
      `"${source}" is not an app URL or Space id: pass a full http(s) URL such as "http://127.0.0.1:7860", or "owner/space".`,
    );
  }
  const { timeout } = options;
  const http = new HttpClient({
    trustedOrigins: [originOf(base) as string, ...extraTrusted],
    timeout,
    ...(options.hfToken ? { token: options.hfToken } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const given: CredentialsGiven = {
    auth: options.auth !== undefined,
    token: options.hfToken !== undefined,
  };
  // Only apps behind a login need its code.
  if (options.auth) {
    const { login } = await LOGIN();
    await login(http, base, options.auth, signal);
  }
  // The API description's URL depends on the config (root and API prefix), but on Gradio 5+ it
  // is almost always `{base}/gradio_api/info`: ask for it in parallel with the config, and use
  // the answer only if the config confirms that URL (else it is one wasted request).
  const configBody = getConfig(http, base, signal, given, timeout);
  const guess = infoUrl(base, SPECULATIVE_API_PREFIX);
  const speculative = getInfo(http, guess, signal, given, timeout);
  speculative.catch(() => undefined);
  const located = await locatePage(
    http,
    base,
    options.page ?? null,
    configBody,
    signal,
    given,
    timeout,
  );
  const parsed = parseConfig(located.body, joinUrl(located.base, 'config'));
  if (!parsed.ok) throw parsed.error;
  const config = parsed.value;
  // A Space with replicas keeps a session on one: every later request goes to the replica that
  // served the config (`/--replicas/{id}/`), unless the URL names one already.
  const replica =
    located.replica !== null && !hasReplica(located.base)
      ? { base: located.base, id: located.replica }
      : null;
  const pinned = replica ? replicaUrl(replica.base, replica.id) : located.base;
  const root = appRootOf(config, pinned);
  const url = infoUrl(root, apiPrefixOf(config));
  const info = await (url === guess ? speculative : getInfo(http, url, signal, given, timeout));
  const pages = pagesOf(config);
  const endpoints = onPage(buildEndpoints(config, info), config, pages, located.page, root);
  return new GradioClient({
    url: root,
    config,
    endpoints,
    pages: { pages, page: located.page },
    serverRoot: serverRootOf(config),
    signature,
    http,
    streamIdleTimeout: options.streamIdleTimeout,
    heartbeat: options.heartbeat,
    maxSessions: options.maxSessions,
    oauthToken: options.oauthToken,
    replica,
  });
}

/**
 * Where the app's config is: at `base`, or, for a page URL (`http://host/app/second`, whose
 * `/config` is a 404), at the app root above it when that app has such a page. Resolves with the
 * config's body, the app's base URL and the page (the `page` option, the one in the URL, or null).
 */
async function locatePage(
  http: HttpClient,
  base: string,
  page: string | null,
  configBody: Promise<ConfigAnswer>,
  signal: AbortSignal,
  given: CredentialsGiven,
  timeout: number | false,
): Promise<ConfigAnswer & { base: string; page: string | null }> {
  try {
    return { ...(await configBody), base, page };
  } catch (error) {
    const split =
      page === null && isGradioError(error, 'APP_NOT_FOUND') ? splitPageUrl(base) : null;
    if (!split) throw error;
    const parent = await getConfig(http, split.root, signal, given, timeout).catch(() => {
      throw error;
    });
    const parsed = parseConfig(parent.body, joinUrl(split.root, 'config'));
    if (!parsed.ok || !pagesOf(parsed.value).some((p) => p.path === split.page)) throw error;
    return { ...parent, base: split.root, page: split.page };
  }
}

/** The endpoints of `page` (all of them for null); a page the app does not have is APP_NOT_FOUND. */
function onPage(
  endpoints: EndpointInfo[],
  config: GradioConfig,
  pages: AppPage[],
  page: string | null,
  root: string,
): EndpointInfo[] {
  if (page === null) return endpoints;
  if (!pages.some((p) => p.path === page))
    throw new AppNotFoundError(
      'APP_NOT_FOUND',
      pages.length
        ? `${root} has no page "${page}"; its pages: ${pages.map((p) => `"${p.path}" (${p.name})`).join(', ')}.`
        : `${root} has no pages (it is not a multipage app, or its Gradio is older than 5): leave out the page option.`,
      { url: root },
    );
  const ids = pageDependencies(config, page);
  return ids === null ? endpoints : endpoints.filter((endpoint) => ids.has(endpoint.fnIndex));
}
