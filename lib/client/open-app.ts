import { AppNotFoundError, AuthError, ConfigError } from '../errors/connect-errors';
import { GradioError } from '../errors/gradio-error';
import { buildEndpoints } from '../protocol/build-endpoints';
import {
  errorForAppResponse,
  parseJsonText,
  type CredentialsGiven,
} from '../protocol/http-failures';
import { apiPrefixOf, appRootOf, parseConfig } from '../protocol/parse-config';
import { joinUrl, normalizeAppUrl, originOf } from '../protocol/url';
import { HttpClient } from '../transport/http-client';
import type { RawApiInfo } from '../types/config';
import type { ResolvedConnectOptions } from '../types/options';
import { GradioClient } from './gradio-client';

/** Network failures and timeouts become `APP_UNREACHABLE`; aborts and our own errors pass through. */
function unreachable(error: unknown, url: string, timeout: number | false): unknown {
  if (error instanceof GradioError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'AbortError') return error;
  if (name === 'TimeoutError') {
    return new AppNotFoundError(
      'APP_UNREACHABLE',
      `${url} did not answer within ${timeout} ms. Check that the app is running, or raise { timeout }.`,
      {
        url,
        cause: error,
      },
    );
  }
  return new AppNotFoundError(
    'APP_UNREACHABLE',
    `Could not reach ${url}: is the app running and the address right?`,
    { url, cause: error },
  );
}

async function login(
  http: HttpClient,
  base: string,
  auth: readonly [string, string],
  signal: AbortSignal,
): Promise<void> {
  const url = joinUrl(base, 'login');
  const response = await http.ky.post(url, {
    body: new URLSearchParams({ username: auth[0], password: auth[1] }),
    signal,
  });
  await response.body?.cancel();
  // An app without auth redirects /login to its root: nothing to log in to.
  if (
    response.ok ||
    response.type === 'opaqueredirect' ||
    (response.status >= 300 && response.status < 400)
  )
    return;
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    throw new AuthError(
      'LOGIN_FAILED',
      `Login to ${base} failed: the app refused the username or password.`,
      { url, status: response.status },
    );
  }
  throw errorForAppResponse(response.status, '', url, { auth: true, token: false });
}

async function getJson(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  given: CredentialsGiven,
  timeout: number | false,
): Promise<unknown> {
  // One deadline for headers and body: ky's own timeout would end when the headers arrive, so a
  // body that trickles in (a slow-loris proxy) could hang a connect. This signal replaces it.
  const bounded =
    timeout === false ? signal : AbortSignal.any([signal, AbortSignal.timeout(timeout)]);
  const response = await http.ky.get(url, { signal: bounded, timeout: false });
  const text = await response.text();
  if (!response.ok) throw errorForAppResponse(response.status, http.redact(text), url, given);
  const body = parseJsonText(text);
  if (body === undefined)
    throw new ConfigError(`${url} did not answer with JSON. Is this a Gradio app?`, {
      url,
      status: response.status,
    });
  return body;
}

/** The API prefix of Gradio 5 and later (Gradio 4 has none). */
const SPECULATIVE_API_PREFIX = '/gradio_api';

const infoUrl = (root: string, apiPrefix: string): string =>
  `${joinUrl(joinUrl(root, apiPrefix), 'info')}?all_endpoints=true`;

function isRawApiInfo(body: unknown): body is RawApiInfo {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as RawApiInfo).named_endpoints === 'object'
  );
}

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
  let step = base;
  try {
    if (options.auth) await login(http, base, options.auth, signal);
    // The API description's URL depends on the config (root and API prefix), but on Gradio 5+ it
    // is almost always `{base}/gradio_api/info`: ask for it in parallel with the config, and use
    // the answer only if the config confirms that URL (else it is one wasted request).
    step = joinUrl(base, 'config');
    const configBody = getJson(http, step, signal, given, timeout);
    const guess = infoUrl(base, SPECULATIVE_API_PREFIX);
    const speculative = getJson(http, guess, signal, given, timeout);
    speculative.catch(() => undefined);
    const parsed = parseConfig(await configBody, step);
    if (!parsed.ok) throw parsed.error;
    const config = parsed.value;
    const root = appRootOf(config, base);
    step = infoUrl(root, apiPrefixOf(config));
    const info = await (step === guess ? speculative : getJson(http, step, signal, given, timeout));
    if (!isRawApiInfo(info))
      throw new ConfigError(`The API description at ${step} is malformed.`, { url: step });
    return new GradioClient({
      url: root,
      config,
      endpoints: buildEndpoints(config, info),
      http,
      streamIdleTimeout: options.streamIdleTimeout,
      heartbeat: options.heartbeat,
      maxSessions: options.maxSessions,
    });
  } catch (error) {
    throw unreachable(error, step, timeout);
  }
}
