import type { SpaceWaitOptions } from './space';

/**
 * Options of {@link connect$}. Every field is optional.
 */
export interface ConnectOptions {
  /**
   * The Hugging Face hub used to resolve Space ids (`owner/name`): a mirror or private hub.
   * @default process.env.HF_ENDPOINT in Node, else "https://huggingface.co"
   */
  hubUrl?: string;
  /** How long and how often to wait for a Space that sleeps, builds or starts. */
  spaceWait?: SpaceWaitOptions;
  /**
   * Gradio login for apps launched with `auth=(user, password)`. The session cookie is kept by
   * the client and sent with its later requests to the app only.
   */
  auth?: readonly [username: string, password: string];
  /**
   * A Hugging Face token (`hf_...`) for private Spaces, ZeroGPU quota and rate limits. Sent as a
   * bearer token to the app's own origin and, for Space ids, to the hub; never to other hosts.
   */
  hfToken?: `hf_${string}` | string;
  /** Extra request headers, sent to the app's own origin only. */
  headers?: Record<string, string>;
  /**
   * One page of a multipage app (`demo.route(name, path)`): its path, e.g. `'second'` (`''` for
   * the home page). The client then has that page's endpoints only. Connecting to a page's URL
   * (`http://host/second`) does the same. `viewApi().pages` lists the pages.
   */
  page?: string;
  /**
   * A Hugging Face user access token for endpoints whose function takes a `gr.OAuthToken`
   * (`viewApi()`: `oauthToken`), as a signed-in user's is in the app's page. Sent in the job's
   * body to those endpoints only (never to other endpoints or hosts); needs a server that takes
   * one from an API call (recent Gradio 6). A call can give its own (`SubmitOptions.oauthToken`).
   */
  oauthToken?: string;
  /**
   * Time in ms each HTTP request may take until the server answers; `false` for none.
   * @default 30000
   */
  timeout?: number | false;
  /**
   * Time in ms a job's event stream may stay silent before the client gives up on it with
   * `CONNECTION_LOST` (Gradio sends a heartbeat every 15 s); `false` for no limit.
   * @default 60000
   */
  streamIdleTimeout?: number | false;
  /**
   * Keep the session heartbeat open when the app asks for one (apps with `gr.State` or `unload`
   * handlers), from the first job until `client.close()`, as a browser tab does. In Node, an open
   * heartbeat keeps the process running: close the client when done.
   * @default true
   */
  heartbeat?: boolean;
  /**
   * Most Gradio sessions (each with its own event stream) the client uses at once. Concurrent
   * calls of one endpoint each get their own session, so that cancelling one never stops another
   * (Gradio cancels per session and endpoint); past this cap they share sessions, and a call
   * unsubscribed there is abandoned (its result discarded) instead of cancelled on the server.
   * @default 32 in Node, 4 in browsers (6 connections per host over HTTP/1.1)
   */
  maxSessions?: number;
  /** Aborts the connection attempt (as unsubscribing does). */
  signal?: AbortSignal;
  /** A fetch implementation to use instead of the global `fetch` (proxies, instrumentation). */
  fetch?: typeof fetch;
}

/**
 * {@link ConnectOptions} with every default applied, by `normalizeConnectOptions` (the one place
 * defaults are chosen): what the client works with after `connect$` / `duplicate$`.
 */
export interface ResolvedConnectOptions {
  /** The hub for Space ids, not yet checked (an invalid one fails only when a Space id needs it). */
  hubUrl: string;
  spaceWait: Required<SpaceWaitOptions>;
  auth: readonly [username: string, password: string] | undefined;
  hfToken: string | undefined;
  headers: Record<string, string> | undefined;
  page: string | undefined;
  oauthToken: string | undefined;
  timeout: number | false;
  streamIdleTimeout: number | false;
  heartbeat: boolean;
  maxSessions: number;
  signal: AbortSignal | undefined;
  fetch: typeof fetch | undefined;
}

/**
 * How a streaming job treats chunks that come while one is being processed: `'latest'` keeps
 * only the newest waiting chunk (webcam semantics), `'all'` keeps every chunk in order (audio
 * semantics).
 */
export type ChunkMode = 'latest' | 'all';

/** Options of `client.submit$` / `client.predict$`. */
export interface SubmitOptions {
  /**
   * Extra headers for this job's submit request only, such as the ZeroGPU headers a browser page
   * receives from Hugging Face (`x-zerogpu-token`, ...) or an `x-ip-token`. Sent to the app's own
   * origin only.
   */
  headers?: Record<string, string>;
  /**
   * For a streaming job (a payload with Observable inputs): what happens to chunks that come
   * while the previous one is still being processed. `'latest'` (webcam semantics) keeps only the
   * newest waiting chunk; `'all'` (audio semantics) sends every chunk, in order, each processed
   * once. A chunk is never sent while another is in flight.
   * @default 'latest'
   */
  chunks?: ChunkMode;
  /**
   * The user token for this call's `gr.OAuthToken` parameter, instead of the client's
   * (`ConnectOptions.oauthToken`). Ignored by endpoints that take none; an endpoint that requires
   * one and gets none fails with `OAUTH_REQUIRED` before anything is sent.
   */
  oauthToken?: string;
}
