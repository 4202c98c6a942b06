import { AppNotFoundError } from '../errors/connect-errors';
import { buildEndpoints } from '../protocol/build-endpoints';
import type { CredentialsGiven } from '../protocol/http-failures';
import { apiPrefixOf, appRootOf, parseConfig } from '../protocol/parse-config';
import { joinUrl, normalizeAppUrl, originOf } from '../protocol/url';
import { HttpClient } from '../transport/http-client';
import type { ResolvedConnectOptions } from '../types/options';
import { GradioClient } from './gradio-client';
import { getConfig, getInfo, infoUrl, login } from './gradio-routes';

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
  if (options.auth) await login(http, base, options.auth, signal);
  // The API description's URL depends on the config (root and API prefix), but on Gradio 5+ it
  // is almost always `{base}/gradio_api/info`: ask for it in parallel with the config, and use
  // the answer only if the config confirms that URL (else it is one wasted request).
  const configBody = getConfig(http, base, signal, given, timeout);
  const guess = infoUrl(base, SPECULATIVE_API_PREFIX);
  const speculative = getInfo(http, guess, signal, given, timeout);
  speculative.catch(() => undefined);
  const parsed = parseConfig(await configBody, joinUrl(base, 'config'));
  if (!parsed.ok) throw parsed.error;
  const config = parsed.value;
  const root = appRootOf(config, base);
  const url = infoUrl(root, apiPrefixOf(config));
  const info = await (url === guess ? speculative : getInfo(http, url, signal, given, timeout));
  return new GradioClient({
    url: root,
    config,
    endpoints: buildEndpoints(config, info),
    http,
    streamIdleTimeout: options.streamIdleTimeout,
    heartbeat: options.heartbeat,
    maxSessions: options.maxSessions,
  });
}
