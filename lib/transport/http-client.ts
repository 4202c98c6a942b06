import ky, { type KyInstance } from 'ky';
import type { CookieJar } from './cookie-jar';
import { part } from './load-once';
import { USER_AGENT } from '../version';
import { isNode } from './runtime';

/** What the HTTP layer needs to know to send credentials, and to whom. */
export interface HttpClientOptions {
  /** Bearer token (a Hugging Face token), sent only to `trustedOrigins`. */
  token?: string;
  /** Extra headers, sent only to `trustedOrigins`. */
  headers?: Record<string, string>;
  /** Origins allowed to receive the token, custom headers and cookies. */
  trustedOrigins: Iterable<string>;
  /** Per-request timeout in ms until response headers arrive; false for none. */
  timeout: number | false;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch;
}

/** Socket errors (undici's and Node's codes) that mean a reused keep-alive socket was already closed. */
const STALE_SOCKET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/**
 * Whether fetch failed because the socket it reused was closed by the server before any response.
 * Fetch rejects with a TypeError whose `cause` has the socket error's code. Checked by name and code:
 * the error may come from another realm (a test VM), which ky then wraps as a `NonError`. A refused
 * connection, a DNS failure, an abort or a timeout is not retried.
 */
function isStaleSocket(error: Error): boolean {
  const thrown = (error.name === 'NonError' ? (error as { value?: unknown }).value : error) as {
    name?: unknown;
    cause?: { code?: unknown };
  } | null;
  return thrown?.name === 'TypeError' && STALE_SOCKET_CODES.has(String(thrown.cause?.code));
}

/** Node's fetch refusing a redirect of a request sent with `redirect: 'error'`. */
const isUnexpectedRedirect = (error: Error): boolean =>
  error.name === 'TypeError' &&
  (error.cause as { message?: unknown } | undefined)?.message === 'unexpected redirect';

/** A fetch Request, possibly from another realm (so not checked with instanceof). */
const isRequest = (input: RequestInfo | URL): input is Request =>
  typeof input === 'object' && 'headers' in input && typeof input.url === 'string';

/** The cookie jar, loaded with the first cookie a runtime lets the client read (Node). */
const COOKIES = /*#__PURE__*/ part('cookies', () => import('./cookie-jar'));

/**
 * The HTTP side of a client: a ky instance that attaches credentials to trusted origins only,
 * keeps login cookies (Node), and retries only a request that failed before any response (a stale
 * keep-alive socket); anything else is the caller's choice, made with operators, because re-sending
 * a job is not always safe.
 */
export class HttpClient {
  /**
   * The login cookies, in runtimes that let them be read (Node); null until a trusted answer sets
   * one. Browsers keep cookies themselves and never show `Set-Cookie`, so they never load the jar.
   */
  cookies: CookieJar | null = null;
  readonly ky: KyInstance;
  private readonly trusted: Set<string>;
  /** Requests sent and not answered yet (no response headers, no failure). */
  private readonly inFlight = new Set<Promise<Response>>();
  /** The last answer of {@link isTrusted}. */
  private lastChecked: { url: string; trusted: boolean } | null = null;
  /**
   * What carries an abort to a request ky sent, held for as long as its response body is alive:
   * ky's signal for it (an `AbortSignal.any` of the caller's signal and its own) and ky's Request
   * (whose own controller follows that signal). Only weak references lead to them once the answer
   * has arrived, so Node may collect them while the body is still being read, and an abort (an
   * unsubscribe, a timeout) then never reaches the socket: seen as a connect to a server
   * trickling its config hanging while the garbage collector ran.
   */
  private readonly abortPaths = new WeakMap<object, readonly [AbortSignal, Request]>();

  constructor(private readonly options: HttpClientOptions) {
    this.trusted = new Set(options.trustedOrigins);
    this.ky = ky.create({
      // One immediate retry of a request whose reused keep-alive socket had been closed by the
      // server ("other side closed", e.g. after the event loop was blocked past its idle timeout).
      // HTTP error statuses, timeouts and refused connections are never retried.
      retry: {
        limit: 1,
        // POST too, as browsers do: a request written to a socket the server had already closed
        // was never read, so sending it again cannot run it twice.
        methods: ['get', 'post'],
        statusCodes: [],
        afterStatusCodes: [],
        delay: () => 0,
        shouldRetry: ({ error }) => isStaleSocket(error),
      },
      timeout: options.timeout,
      throwHttpErrors: false,
      redirect: 'manual',
      hooks: {
        beforeRequest: [
          (request, options) => {
            if (options.signal) this.abortPaths.set(request, [options.signal, request]);
          },
        ],
      },
      // Credentials and cookies are handled around fetch rather than in ky hooks: an afterResponse
      // hook makes ky clone (tee) every response body, which costs CPU on every request.
      fetch: (input, init) => this.fetchWithCredentials(input, init),
    });
  }

  /** Adds an origin that may receive credentials (the app's root once it is known). */
  trust(origin: string): void {
    this.trusted.add(origin);
    this.lastChecked = null;
  }

  /**
   * Headers every request carries, whatever its origin: in Node a `User-Agent` naming gradio-rx
   * (the caller's own `user-agent` header wins on the app's origin); nothing in browsers.
   */
  readonly identity: Readonly<Record<string, string>> = isNode()
    ? { 'user-agent': USER_AGENT }
    : {};

  /** Whether `url` is on an origin that may receive the token, headers and cookies. */
  isTrusted(url: string): boolean {
    // Hot paths (a stream's chunks) ask about the same URL again and again.
    if (this.lastChecked?.url === url) return this.lastChecked.trusted;
    let trusted: boolean;
    try {
      trusted = this.trusted.has(new URL(url).origin);
    } catch {
      trusted = false;
    }
    this.lastChecked = { url, trusted };
    return trusted;
  }

  /**
   * `text` with the client's secrets (token, custom header values, login cookie values) replaced by
   * `[redacted]`: for server answers quoted in error messages, since a server may echo a request's
   * headers back.
   */
  redact(text: string): string {
    const secrets = [
      this.options.token,
      ...Object.values(this.options.headers ?? {}),
      ...(this.cookies?.values() ?? []),
    ].filter((secret): secret is string => typeof secret === 'string' && secret.length >= 8);
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  /** The credentials as plain headers for `url` (empty for untrusted origins); used by SSE readers. */
  credentialHeaders(url: string): Record<string, string> {
    if (!this.isTrusted(url)) return {};
    const headers: Record<string, string> = { ...this.options.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const cookie = this.cookies?.header(url);
    if (cookie) headers.cookie = cookie;
    return headers;
  }

  /**
   * GET that follows redirects itself (up to `maxRedirects`), so each hop gets credentials only if
   * its own origin is trusted: a redirect to another host never carries the token or cookies.
   */
  async getFollowingRedirects(
    url: string,
    options: {
      signal?: AbortSignal;
      timeout?: number | false;
      headers?: Record<string, string>;
    } = {},
    maxRedirects = 5,
  ): Promise<Response> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const response = await this.ky.get(current, { ...options, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location || hop >= maxRedirects)
        return response;
      await response.body?.cancel();
      current = new URL(location, current).href;
    }
  }

  /**
   * A lean JSON POST for hot paths (a streaming input's chunks): the same credentials, cookies,
   * manual redirects and one retry of a stale keep-alive socket as the ky instance, without ky's
   * per-request Request clone (a tee of the body), merged abort signal and timeout timer. No
   * timeout: the caller's `signal` ends it.
   */
  async postJson(
    url: string,
    body: unknown,
    options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const init: RequestInit = {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        ...this.identity,
        ...this.credentialHeaders(url),
        ...options.headers,
        'content-type': 'application/json',
      },
      // Node's fetch copies (tees) the body of every request that may follow a redirect; one that
      // may not is sent as it is. A redirect is then re-sent below with `manual` to read it.
      ...(isNode() ? { redirect: 'error', window: null } : { redirect: 'manual' }),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.tracked((this.options.fetch ?? globalThis.fetch)(url, init));
        const kept = this.keepCookies(url, response);
        if (kept) await kept;
        return response;
      } catch (error) {
        // Checked by shape: fetch's errors may come from another realm (a test VM).
        if (attempt > 0 || typeof error !== 'object' || error === null) throw error;
        if (isUnexpectedRedirect(error as Error)) init.redirect = 'manual';
        else if (!isStaleSocket(error as Error)) throw error;
      }
    }
  }

  /**
   * Resolves once every request sent before the call has been answered (its response headers
   * arrived) or has failed, timed out or been aborted: fire-and-forget requests such as a cancel
   * are done with their socket by then.
   */
  async answered(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async fetchWithCredentials(
    input: RequestInfo | URL,
    init: RequestInit | undefined,
  ): Promise<Response> {
    const request = isRequest(input) ? input : new Request(input, init);
    this.attachCredentials(request);
    const abortPath = this.abortPaths.get(request);
    const response = await this.tracked((this.options.fetch ?? globalThis.fetch)(request, init));
    // The way an abort reaches this request lives as long as its body (see `abortPaths`).
    if (abortPath && response.body) this.abortPaths.set(response.body, abortPath);
    // Kept before the answer is handed on, so the next request carries them.
    const kept = this.keepCookies(request.url, response);
    if (kept) await kept;
    return response;
  }

  /** Counts `pending` as in flight (see {@link answered}) until it settles. */
  private tracked(pending: Promise<Response>): Promise<Response> {
    this.inFlight.add(pending);
    const settled = (): void => void this.inFlight.delete(pending);
    pending.then(settled, settled);
    return pending;
  }

  private attachCredentials(request: Request): void {
    const headers = { ...this.identity, ...this.credentialHeaders(request.url) };
    for (const [name, value] of Object.entries(headers)) {
      if (!request.headers.has(name)) request.headers.set(name, value);
    }
  }

  /**
   * Stores the cookies a trusted answer sets. Synchronous once the jar is there; the first cookie
   * loads the jar's code (a promise then), so apps that never see one (browsers) never load it.
   */
  private keepCookies(url: string, response: Response): Promise<void> | undefined {
    if (!this.isTrusted(url)) return undefined;
    const getSetCookie = (response.headers as Headers & { getSetCookie?: () => string[] })
      .getSetCookie;
    const set = typeof getSetCookie === 'function' ? getSetCookie.call(response.headers) : [];
    if (set.length === 0) return undefined;
    if (this.cookies) {
      this.cookies.store(url, set);
      return undefined;
    }
    return COOKIES().then(({ CookieJar }) => {
      (this.cookies ??= new CookieJar()).store(url, set);
    });
  }
}
