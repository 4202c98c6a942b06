import ky, { type KyInstance } from 'ky';
import { CookieJar } from './cookie-jar';

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

/**
 * The HTTP side of a client: a ky instance that attaches credentials to trusted origins only,
 * keeps login cookies (Node) and never retries by itself (retries are the caller's choice, made
 * with operators, because re-sending a job is not always safe).
 */
export class HttpClient {
  readonly cookies = new CookieJar();
  readonly ky: KyInstance;
  private readonly trusted: Set<string>;

  constructor(private readonly options: HttpClientOptions) {
    this.trusted = new Set(options.trustedOrigins);
    this.ky = ky.create({
      retry: 0,
      timeout: options.timeout,
      throwHttpErrors: false,
      redirect: 'manual',
      ...(options.fetch ? { fetch: options.fetch } : {}),
      hooks: {
        beforeRequest: [(request) => this.attachCredentials(request)],
        afterResponse: [(request, _options, response) => this.keepCookies(request, response)],
      },
    });
  }

  /** Adds an origin that may receive credentials (the app's root once it is known). */
  trust(origin: string): void {
    this.trusted.add(origin);
  }

  /** Whether `url` is on an origin that may receive the token, headers and cookies. */
  isTrusted(url: string): boolean {
    try {
      return this.trusted.has(new URL(url).origin);
    } catch {
      return false;
    }
  }

  /** The credentials as plain headers for `url` (empty for untrusted origins); used by SSE readers. */
  credentialHeaders(url: string): Record<string, string> {
    if (!this.isTrusted(url)) return {};
    const headers: Record<string, string> = { ...this.options.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const cookie = this.cookies.header(url);
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

  private attachCredentials(request: Request): void {
    for (const [name, value] of Object.entries(this.credentialHeaders(request.url))) {
      if (!request.headers.has(name)) request.headers.set(name, value);
    }
  }

  private keepCookies(request: Request, response: Response): void {
    if (!this.isTrusted(request.url)) return;
    const getSetCookie = (response.headers as Headers & { getSetCookie?: () => string[] })
      .getSetCookie;
    if (typeof getSetCookie === 'function')
      this.cookies.store(request.url, getSetCookie.call(response.headers));
  }
}
