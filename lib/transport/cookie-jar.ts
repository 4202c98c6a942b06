interface StoredCookie {
  value: string;
  secure: boolean;
  expires: number | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A small per-origin cookie jar for runtimes that do not keep cookies themselves (Node). It keeps
 * the login cookies Gradio sets and replays them to the same origin only. In browsers `Set-Cookie`
 * is not readable and the browser's own jar does this job, so the jar simply stays empty there.
 *
 * Rules kept: origin scoping, `Secure` (sent over https, or to loopback hosts as browsers do),
 * `Max-Age`/`Expires`. Paths are ignored: Gradio sets its cookies on `/`.
 */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, StoredCookie>>();

  /** Every stored cookie value (to keep them out of error messages). */
  values(): string[] {
    return [...this.byOrigin.values()].flatMap((jar) => [...jar.values()].map((c) => c.value));
  }

  /** Records the `Set-Cookie` headers of a response from `url`. */
  store(url: string, setCookieHeaders: readonly string[], now = Date.now()): void {
    if (setCookieHeaders.length === 0) return;
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, StoredCookie>();
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const cookie: StoredCookie = {
        value: pair.slice(eq + 1).trim(),
        secure: false,
        expires: null,
      };
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const key = rawKey.trim().toLowerCase();
        const value = rest.join('=').trim();
        if (key === 'secure') cookie.secure = true;
        else if (key === 'max-age' && /^-?\d+$/.test(value))
          cookie.expires = now + Number(value) * 1000;
        else if (key === 'expires' && cookie.expires === null) {
          const at = Date.parse(value);
          if (!Number.isNaN(at)) cookie.expires = at;
        }
      }
      if (cookie.expires !== null && cookie.expires <= now) jar.delete(name);
      else jar.set(name, cookie);
    }
    this.byOrigin.set(origin, jar);
  }

  /** The `Cookie` header to send to `url`, or undefined when there is nothing to send. */
  header(url: string, now = Date.now()): string | undefined {
    const target = new URL(url);
    const jar = this.byOrigin.get(target.origin);
    if (!jar) return undefined;
    const secureOk = target.protocol === 'https:' || LOOPBACK.has(target.hostname);
    const pairs: string[] = [];
    for (const [name, cookie] of jar) {
      if (cookie.expires !== null && cookie.expires <= now) continue;
      if (cookie.secure && !secureOk) continue;
      pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.length ? pairs.join('; ') : undefined;
  }

  /** Forgets every cookie (logout, or a fresh identity). */
  clear(): void {
    this.byOrigin.clear();
  }
}
