import { ConfigError, UnsupportedProtocolError } from '../errors/connect-errors';
import type { GradioConfig } from '../types/config';
import { fail, ok, type Result } from './result';
import { isRecord } from './check-json';
import { normalizeAppUrl, originOf } from './url';

/** Protocols gradio-rx speaks: the join/data split of Gradio 4.9 and later. */
const SUPPORTED_PROTOCOLS: ReadonlySet<string> = new Set([
  'sse_v1',
  'sse_v2',
  'sse_v2.1',
  'sse_v3',
]);

/**
 * Checks a `/config` body and returns it typed. Refuses websocket (Gradio 3) and first-generation
 * SSE apps with an {@link UnsupportedProtocolError}, and anything without components and
 * dependencies with a {@link ConfigError}.
 */
export function parseConfig(body: unknown, url: string): Result<GradioConfig> {
  if (!isRecord(body))
    return fail(new ConfigError(`The app config at ${url} is not a JSON object.`, { url }));
  const version = typeof body.version === 'string' ? body.version : undefined;
  const protocol = typeof body.protocol === 'string' ? body.protocol : 'ws';
  if (!SUPPORTED_PROTOCOLS.has(protocol))
    return fail(new UnsupportedProtocolError(protocol, version, { url }));
  if (!Array.isArray(body.components) || !Array.isArray(body.dependencies)) {
    return fail(
      new ConfigError(
        `The app config at ${url} has no components or dependencies; is this a Gradio app?`,
        { url },
      ),
    );
  }
  const badDependency = body.dependencies.find(
    (dep) => !isRecord(dep) || !Array.isArray(dep.inputs) || !Array.isArray(dep.outputs),
  );
  if (badDependency !== undefined) {
    return fail(new ConfigError(`The app config at ${url} has a malformed dependency.`, { url }));
  }
  if (body.api_prefix !== undefined && typeof body.api_prefix !== 'string') {
    return fail(new ConfigError(`The app config at ${url} has a non-string api_prefix.`, { url }));
  }
  return ok(body as GradioConfig);
}

/** The API prefix (`"/gradio_api"` on 5.x+, `""` on 4.x), without a trailing slash. */
export function apiPrefixOf(config: GradioConfig): string {
  const prefix = (config.api_prefix ?? '').replace(/\/+$/, '');
  return prefix && !prefix.startsWith('/') ? `/${prefix}` : prefix;
}

/**
 * The URL that app requests go to. The server's own `root` is preferred (it knows its mount path),
 * but only when it is on the same origin as the URL we connected to: a proxy that misreports its
 * scheme or host must not redirect requests, or credentials, elsewhere.
 */
export function appRootOf(config: GradioConfig, connectedUrl: string): string {
  // A replica's URL stays as it is: the server's root does not name the replica.
  if (hasReplica(connectedUrl)) return connectedUrl;
  const root = typeof config.root === 'string' ? normalizeAppUrl(config.root) : null;
  if (root && originOf(root) === originOf(connectedUrl)) return root;
  return connectedUrl;
}

/** Whether a URL names a Space replica (`.../--replicas/{id}/...`). */
export const hasReplica = (url: string): boolean => /\/--replicas\/[^/]+/.test(url);

/** The root the server believes it has (its `config.root`), normalized, or null. */
export const serverRootOf = (config: GradioConfig): string | null =>
  typeof config.root === 'string' ? normalizeAppUrl(config.root) : null;
