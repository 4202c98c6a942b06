import type { ConnectOptions, ResolvedConnectOptions } from '../types/options';

/** The public Hugging Face hub. */
export const PUBLIC_HUB = 'https://huggingface.co';

/**
 * Every default of {@link ConnectOptions}, in one place; {@link normalizeConnectOptions} applies
 * them. `maxSessions` depends on the runtime: in Node 32, since every session has its own event
 * stream, which costs the server (1,000 concurrent jobs took 12.8 s over 1,000 sessions and 7.0 s
 * over 32, against 6.9 s for the official client's single session), and the server keeps the
 * queues of only its 2,000 most recent sessions, so a client spread wider evicts its own; in
 * browsers 4, since they allow only 6 connections per host over HTTP/1.1, which other requests
 * need too.
 */
export const CONNECT_DEFAULTS = {
  hubUrl: PUBLIC_HUB,
  spaceWait: { timeout: 300_000, initialDelay: 1000, maxDelay: 10_000 },
  timeout: 30_000,
  streamIdleTimeout: 60_000,
  heartbeat: true,
  maxSessions: { node: 32, browser: 4 },
} as const;

/** What the defaults depend on in the runtime: read by the caller, so normalizing stays pure. */
export interface ConnectRuntime {
  /** `process.env.HF_ENDPOINT` in Node, else undefined. */
  hfEndpoint: string | undefined;
  /** Whether this is Node (else a browser or another runtime). */
  node: boolean;
}

/**
 * `options` with every default applied ({@link CONNECT_DEFAULTS}): the one place defaults are
 * chosen; everything after `connect$` / `duplicate$` reads the resolved options only. Pure.
 */
export function normalizeConnectOptions(
  options: ConnectOptions,
  runtime: ConnectRuntime,
): ResolvedConnectOptions {
  const wait = options.spaceWait ?? {};
  const defaults = CONNECT_DEFAULTS;
  return {
    hubUrl: options.hubUrl ?? runtime.hfEndpoint ?? defaults.hubUrl,
    spaceWait: {
      timeout: wait.timeout ?? defaults.spaceWait.timeout,
      initialDelay: wait.initialDelay ?? defaults.spaceWait.initialDelay,
      maxDelay: wait.maxDelay ?? defaults.spaceWait.maxDelay,
    },
    auth: options.auth,
    hfToken: options.hfToken,
    headers: options.headers,
    oauthToken: options.oauthToken,
    page: options.page?.replace(/^\/+|\/+$/g, ''),
    timeout: options.timeout ?? defaults.timeout,
    streamIdleTimeout: options.streamIdleTimeout ?? defaults.streamIdleTimeout,
    heartbeat: options.heartbeat ?? defaults.heartbeat,
    maxSessions:
      options.maxSessions ??
      (runtime.node ? defaults.maxSessions.node : defaults.maxSessions.browser),
    signal: options.signal,
    fetch: options.fetch,
  };
}
