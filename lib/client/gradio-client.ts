import {
  catchError,
  defer,
  from,
  map,
  Observable,
  switchMap,
  tap,
  throwError,
  type Subscription,
} from 'rxjs';
import { ArgumentError } from '../errors/call-errors';
import { GradioError } from '../errors/gradio-error';
import { onlyData } from '../operators/only-data';
import { shareJob } from '../operators/share-job';
import { buildApiView, type PagesView, type ViewApiOptions } from '../protocol/api-view';
import { buildArguments, toWireData, type Payload } from '../protocol/build-payload';
import { renderedApi } from '../protocol/render-config';
import { apiPrefixOf } from '../protocol/parse-config';
import { rebaseFileUrls } from '../protocol/file-walk';
import { jobOptionsFor } from '../protocol/job-options';
import { signFileUrls } from '../protocol/signed-urls';
import { resolveEndpoint, type EndpointRef } from '../protocol/resolve-endpoint';
import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import { socketsSettled } from '../transport/sockets-settled';
import type { ApiView, EndpointInfo } from '../types/api-info';
import type { GradioConfig, RenderConfig } from '../types/config';
import type { FileData } from '../types/file-data';
import type { ApiTypes } from '../types/typed-api';
import type { ConnectedEventOf, ConnectEventOf, SubmitEvent } from '../types/events';
import type { SubmitOptions } from '../types/options';
import type { ClientContext, JobHandle } from './client-context';
import type { DownloadEvent } from './download';
import type { MediaSegment, MediaStreamOptions } from './media-stream';
import { DOWNLOADS, lazy$, STREAMED_MEDIA } from './lazy';
import { openQueueStream } from './gradio-routes';
import { heartbeat$ } from './heartbeat';
import { directJob$ } from './direct-job';
import {
  asOneChunk,
  notStreamable,
  streamingKeys,
  streamJobOnDemand$,
  withoutStreams,
} from './stream-payload';
import { queuedJob$ } from './queued-job';
import { withArgsUploaded$ } from './uploaded-args';
import { SessionPool } from './session-pool';
import { isReplicaGone, repin, type ReplicaPin } from './replica-pin';
import { cancelRemovesQueued, closeEndsStream } from '../protocol/server-features';

/** Everything a connected client is made of; produced by {@link connect$}. */
export interface GradioClientInit {
  /** The app's root URL, where every request goes. */
  url: string;
  config: GradioConfig;
  endpoints: EndpointInfo[];
  http: HttpClient;
  /** See `ConnectOptions.streamIdleTimeout`. */
  streamIdleTimeout: number | false;
  /** See `ConnectOptions.heartbeat`. */
  heartbeat: boolean;
  /** See `ConnectOptions.maxSessions` (resolved: the default is applied by `normalizeConnectOptions`). */
  maxSessions: number;
  /** See `ConnectOptions.oauthToken`. */
  oauthToken?: string | undefined;
  /** The app's pages and the one connected to (see `ApiView.pages`). */
  pages?: PagesView;
  /**
   * The root the server believes it has (`config.root`): output file URLs under it are rebased
   * onto `url` when they differ (a proxy, a pinned Space replica), so downloads reach the server
   * that holds the file.
   */
  serverRoot?: string | null;
  /** A Space's URL signature (`__sign`, from the hub) for file and stream URLs, or null. */
  signature?: string | null;
  /**
   * The Space replica `url` is pinned to (see `openApp`), or null: when it goes away, the client
   * moves to another replica.
   */
  replica?: ReplicaPin | null;
}

/** {@link connect$} emits this once the app's config and API are loaded; then it completes. */
export type ConnectedEvent = ConnectedEventOf<GradioClient>;

/**
 * What {@link connect$} emits: for a Space id, Space status events while it wakes, builds or
 * starts (and once when it runs); then the connected client.
 */
export type ConnectEvent = ConnectEventOf<GradioClient>;

/**
 * A client whose `predict$` / `submit$` are checked against generated endpoint types: a wrong
 * endpoint name, parameter name or value type is a compile error, and results are typed. Same
 * object as the untyped client at runtime; get it with `client.typed<Api>()`.
 *
 * @example
 * ```ts
 * import type { Api } from './my-app.gradio';   // npx gradio-rx types <url> -o my-app.gradio.ts
 * const app = client.typed<Api>();
 * const [sum] = await firstValueFrom(app.predict$('/add', { a: 1, b: 2 })); // sum: number
 * ```
 *
 * @property version The Gradio version of the server, e.g. `"6.31.0"`.
 * @property closed Whether `close()` was called.
 * @property url The app's root URL (no trailing slash), where every request goes.
 * @property sessionHash The session id of the client's own session (where `gr.State` lives).
 * @property apiUrl The app's API base: `url` plus the API prefix (`/gradio_api` on Gradio 5+).
 */
export interface TypedGradioClient<Api extends ApiTypes> extends Omit<
  GradioClient,
  'predict$' | 'submit$' | 'typed'
> {
  /**
   * {@link GradioClient.predict$} for an endpoint of `Api`: the payload is checked against its
   * parameters and the outputs are typed as its returns.
   */
  predict$<E extends keyof Api & string>(
    endpoint: E,
    payload: Api[E]['params'] | Api[E]['positional'],
    options?: SubmitOptions,
  ): Observable<Api[E]['returns']>;
  /**
   * {@link GradioClient.submit$} for an endpoint of `Api`: the payload is checked against its
   * parameters and the data events are typed as its returns.
   */
  submit$<E extends keyof Api & string>(
    endpoint: E,
    payload: Api[E]['params'] | Api[E]['positional'],
    options?: SubmitOptions,
  ): Observable<SubmitEvent<Api[E]['returns']>>;
}

/** How long to wait for the server to confirm a cancel before freeing the session (ms). */
const CANCEL_GRACE_MS = 5_000;

/**
 * A connected Gradio app. Get one from {@link connect$}; it holds the app's config, its API
 * description and the connection's credentials (login cookie, token).
 *
 * @example
 * ```ts
 * const client = await firstValueFrom(connect$('http://127.0.0.1:7860').pipe(onlyClient()));
 * console.log(formatApi(client.viewApi()));
 * ```
 */
export class GradioClient {
  /** The raw config the app served. */
  readonly config: GradioConfig;
  /** @internal The HTTP layer (credentials, cookies). */
  readonly http: HttpClient;
  /** @internal The sessions jobs run in (see `SessionPool`). */
  readonly sessions: SessionPool;
  /** The app's endpoints as this client's session sees them (its renders included). */
  private endpoints: EndpointInfo[];
  /** The latest render of each render block in the client's own session. */
  private readonly renders = new Map<number, RenderConfig>();
  private readonly context: ClientContext;
  /** What the client was made of; `url`, `serverRoot` and `replica` change when it changes replica. */
  private init: GradioClientInit;
  /** A move to another replica in progress (concurrent failures share it), or null. */
  private moving: Promise<boolean> | null = null;
  /** `apiUrl`'s value. */
  private api: string;
  private readonly jobs = new Set<JobHandle>();
  private heartbeat: Subscription | null = null;
  private closing: Promise<void> | null = null;

  /** @internal Use {@link connect$}. */
  constructor(init: GradioClientInit) {
    this.init = init;
    this.config = init.config;
    this.api = joinUrl(init.url, apiPrefixOf(init.config));
    this.endpoints = init.endpoints;
    this.http = init.http;
    this.sessions = new SessionPool(
      {
        idleTimeout: init.streamIdleTimeout,
        redact: (text) => this.http.redact(text),
        openStream: (hash, signal) =>
          openQueueStream(this.http, this.apiUrl, hash, signal, init.signature ?? null),
      },
      init.maxSessions,
    );
    const currentApiUrl = (): string => this.api; // read per request: the replica may change
    this.context = {
      get apiUrl() {
        return currentApiUrl();
      },
      http: this.http,
      sessions: this.sessions,
      usesDiffs: this.config.protocol !== 'sse_v1',
      cancelRemovesQueued: cancelRemovesQueued(this.config.version),
      closeEndsStream: closeEndsStream(this.config.version),
      cancelGrace: CANCEL_GRACE_MS,
      jobs: this.jobs,
      closedError: () =>
        this.closing
          ? new GradioError(
              'CLIENT_CLOSED',
              'This client was closed; connect again to make new calls.',
            )
          : null,
      onJobStart: () => this.keepHeartbeat(),
      maxFileSize: typeof this.config.max_file_size === 'number' ? this.config.max_file_size : null,
    };
  }

  /**
   * The app's root URL (no trailing slash), where every request goes. On a Space with replicas it
   * names the replica the client is on (`.../--replicas/{id}`), and changes if that one goes away.
   */
  get url(): string {
    return this.init.url;
  }

  /** The app's API base: `url` plus the API prefix (`/gradio_api` on Gradio 5+). */
  get apiUrl(): string {
    return this.api;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.closing !== null;
  }

  /**
   * The session id of the client's own session (where `gr.State` lives). Changes on
   * {@link GradioClient.resetSession}.
   */
  get sessionHash(): string {
    return this.sessions.primary.hash;
  }

  /** Opens the session heartbeat on first use when the app asks for one (`connect_heartbeat`). */
  private keepHeartbeat(): void {
    if (this.heartbeat || !this.config.connect_heartbeat || !this.init.heartbeat) return;
    this.heartbeat = heartbeat$(
      this.http,
      this.apiUrl,
      this.sessions.primary.hash,
      this.init.signature ?? null,
    ).subscribe();
  }

  /**
   * Starts a fresh session: later calls see new `gr.State` values, as a new browser tab would.
   * Jobs already running finish in the old session. The heartbeat moves to the new session (the
   * server then runs the old session's `unload` handlers).
   *
   * @example
   * ```ts
   * await firstValueFrom(client.predict$('/increment')); // [1]
   * client.resetSession();
   * await firstValueFrom(client.predict$('/increment')); // [1] again
   * ```
   */
  resetSession(): void {
    this.sessions.resetPrimary();
    this.sessionChanged();
  }

  /** After a new primary session: renders belong to the old one, and the heartbeat follows. */
  private sessionChanged(): void {
    this.renders.clear();
    this.endpoints = this.init.endpoints;
    const hadHeartbeat = this.heartbeat !== null;
    this.heartbeat?.unsubscribe();
    this.heartbeat = null;
    if (hadHeartbeat) this.keepHeartbeat();
  }

  /**
   * `job$`, made again on another replica when a request of the job found the one the client is
   * pinned to gone (the proxy's 404: an upload, the join, or the session's event stream). The
   * client then moves, with fresh sessions (the new replica knows none of the old ones:
   * `gr.State` starts over). A job that already gave data is not made again, and a job whose open
   * stream breaks fails with `CONNECTION_LOST`, as on any server.
   */
  private movingReplica(make: () => Observable<SubmitEvent>): Observable<SubmitEvent> {
    if (!this.init.replica) return make();
    return defer(() => {
      const pinned = this.init.replica;
      let reached = false;
      return make().pipe(
        tap((event) => (reached ||= event.type === 'data')),
        catchError((error: unknown) =>
          !reached && isReplicaGone(error) && !this.closing
            ? from(this.moveFrom(pinned)).pipe(
                switchMap((moved) => (moved ? make() : throwError(() => error))),
              )
            : throwError(() => error),
        ),
      );
    });
  }

  /**
   * Moves the client off replica `gone` to the one the Space's balancer gives now; resolves with
   * whether the client is on another replica (it may have moved already, for a concurrent job).
   */
  private moveFrom(gone: ReplicaPin | null | undefined): Promise<boolean> {
    if (this.init.replica !== gone) return Promise.resolve(true);
    this.moving ??= repin(this.http, gone as ReplicaPin).then((next) => {
      this.moving = null;
      if (!next || this.closing) return false;
      this.init = { ...this.init, url: next.url, serverRoot: next.serverRoot, replica: next.pin };
      this.api = joinUrl(next.url, apiPrefixOf(this.config));
      this.sessions.resetAll();
      this.sessionChanged();
      return true;
    });
    return this.moving;
  }

  /**
   * A new client for the same app, with the same config and credentials but its own fresh
   * session: a cheap way to run independent conversations against a stateful app.
   *
   * @example
   * ```ts
   * const other = client.duplicateSession();
   * ```
   */
  duplicateSession(): GradioClient {
    if (this.closing)
      throw new GradioError(
        'CLIENT_CLOSED',
        'This client was closed; connect again to make new calls.',
      );
    return new GradioClient(this.init);
  }

  /**
   * Closes the client: running jobs end with a `CLIENT_CLOSED` error and are cancelled on the
   * server, event streams and the heartbeat close (the server runs the session's `unload`
   * handlers), and no timers or connections are left behind. Later calls error with
   * `CLIENT_CLOSED`. Resolves once everything is released; calling it again returns the same promise.
   *
   * @example
   * ```ts
   * try { ... } finally { await client.close(); }
   * ```
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const error = new GradioError(
      'CLIENT_CLOSED',
      'The client was closed while this job was running.',
    );
    this.closing = Promise.all([...this.jobs].map((job) => job.close(error)))
      .then(() => {
        this.sessions.closeAll();
        this.heartbeat?.unsubscribe();
        this.heartbeat = null;
        // Requests still in flight (a job's cancel), then the runtime's socket teardown.
        return this.http.answered();
      })
      .then(socketsSettled);
    return this.closing;
  }

  /**
   * This client, typed with endpoint types generated by `gradio-rx types`: `predict$` and `submit$`
   * then only accept the app's endpoint names, parameter names and value types, and return typed
   * outputs. Nothing changes at runtime.
   *
   * @example
   * ```ts
   * import type { Api } from './blocks.gradio';
   * const [sum] = await firstValueFrom(client.typed<Api>().predict$('/add', { a: 1 })); // number
   * ```
   */
  typed<Api extends ApiTypes>(): TypedGradioClient<Api> {
    return this as unknown as TypedGradioClient<Api>;
  }

  /**
   * Downloads a file the app returned (a `FileData`, or a URL) with the client's credentials, which
   * are sent to the app's own origin only (never to another host, even through a redirect).
   * Emits progress events, then `{ type: 'done', data }`. Unsubscribing aborts.
   *
   * @example
   * ```ts
   * const done = await lastValueFrom(client.download$(file));
   * if (done.type === 'done') writeFileSync('out.png', done.data);
   * ```
   */
  download$(file: FileData | string): Observable<DownloadEvent> {
    return lazy$(DOWNLOADS, ({ download$ }) => download$(this.http, this.apiUrl, file));
  }

  /**
   * Follows a streamed media output (`gr.Audio(streaming=True)` / `gr.Video(streaming=True)`,
   * whose data events carry a FileData with `is_stream: true`) and emits its segments in order as
   * the server makes them, so they can be played or saved while the job runs; completes when the
   * stream ends (the job finished, failed or was cancelled). Credentials go to the app's own
   * origin only. To get the whole stream at once, use {@link download$} on the same FileData.
   *
   * While the job runs, follow it with the `streamedMedia` operator instead: a job ended
   * by `firstValueFrom` (its first data) is cancelled, and so is its stream.
   *
   * @example
   * ```ts
   * const [audio] = await lastValueFrom(client.predict$<[FileData]>('/speak', ['Hello']));
   * client.mediaSegments$(audio).subscribe((s) => player.append(s.data));
   * ```
   */
  mediaSegments$(file: FileData | string, options?: MediaStreamOptions): Observable<MediaSegment> {
    return lazy$(STREAMED_MEDIA, ({ mediaSegments$ }) =>
      mediaSegments$(this.http, this.apiUrl, file, options),
    );
  }

  /** The Gradio version of the server, e.g. `"6.31.0"`. */
  get version(): string {
    return typeof this.config.version === 'string' ? this.config.version : 'unknown';
  }

  /**
   * The app's API: every endpoint a client may call, with its parameters (name, type, default,
   * component, example) and return values. Undocumented endpoints are left out unless
   * `{ all: true }`; private ones are never listed. {@link formatApi} turns it into a readable
   * page that shows how to call each endpoint from gradio-rx.
   *
   * @example
   * ```ts
   * const api = client.viewApi();
   * console.log(Object.keys(api.namedEndpoints)); // ['/predict']
   * console.log(formatApi(api));
   * ```
   * @throws `ArgumentError` (`INVALID_ARGUMENTS`) for the `format` option of earlier releases.
   */
  viewApi(options: ViewApiOptions = {}): ApiView {
    // Typed callers cannot pass it; plain-JavaScript ones would otherwise get an object silently.
    if ('format' in options)
      throw new ArgumentError(
        'viewApi() takes no format option any more: use formatApi(client.viewApi()) for the text.',
      );
    return buildApiView(this.url, this.version, this.endpoints, options, this.init.pages);
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

  /**
   * Runs an endpoint and emits its events: `status` (queue position, ETA, progress, stage),
   * `data` (the outputs; once per update for generators) and `log` (`gr.Info`/`gr.Warning`/
   * `gr.Success`), then completes. A failure of the app errors the stream with an `AppError`
   * carrying the app's message; other failures are typed too (`QUEUE_FULL`, `CONNECTION_LOST`,
   * `VALIDATION_FAILED`, ...).
   *
   * `payload` is an array in parameter order, or an object keyed by parameter name (missing
   * optional parameters take the app's defaults). An unknown endpoint or a payload that does not
   * fit errors on subscribe, before any request.
   *
   * Lazy and shared: nothing is sent until the first subscriber; later subscribers join the same
   * job (they first get its latest status and data); a subscriber after the end gets that snapshot
   * and the end, never a second run. When the last subscriber unsubscribes before the end, the job
   * is cancelled on the server. Concurrent jobs never cancel each other.
   *
   * A payload value may be an Observable when the endpoint is a `.stream()` listener (see
   * `viewApi()`: stream endpoints): that makes a streaming job. It joins once every Observable
   * input has a value; each later value is sent to the running job as a chunk (with the latest
   * value of every input and the static ones), one chunk in flight at a time (`options.chunks`
   * says which waiting chunks are kept); when every Observable input completed, the stream is
   * closed on the server and the job completes with the last result (`streamEnd: 'closed'`, or
   * `'time-limit'` when the server's time limit ended it first). An error in an input errors the
   * job and closes the stream on the server. An Observable for any other endpoint is
   * `INVALID_ARGUMENTS` before any request.
   *
   * @example
   * ```ts
   * client.submit$('/count', { n: 5 }).subscribe((event) => {
   *   if (event.type === 'status') console.log(event.stage, event.position ?? '');
   *   if (event.type === 'data') console.log(event.data[0]);
   *   if (event.type === 'log') console.log(`[${event.level}] ${event.message}`);
   * });
   * ```
   */
  submit$<T extends unknown[] = unknown[]>(
    endpoint: EndpointRef,
    payload?: Payload,
    options: SubmitOptions = {},
  ): Observable<SubmitEvent<T>> {
    const resolved = resolveEndpoint(this.endpoints, endpoint);
    if (!resolved.ok) return throwError(() => resolved.error);
    const given = streamingKeys(payload);
    const args = buildArguments(resolved.value, given.length ? withoutStreams(payload) : payload);
    if (!args.ok) return throwError(() => args.error);
    const endpointInfo = resolved.value;
    if (given.length > 0 && !endpointInfo.stream)
      return throwError(() => notStreamable(endpointInfo, given));
    const jobOptions = jobOptionsFor(endpointInfo, options, this.init.oauthToken);
    if (!jobOptions.ok) return throwError(() => jobOptions.error);
    options = jobOptions.value;
    const streamed = endpointInfo.stream ? asOneChunk(endpointInfo, payload) : payload;
    const streaming = streamingKeys(streamed);
    if (streaming.length > 0) {
      const stream$ = (): Observable<SubmitEvent> =>
        this.withFileUrls(
          streamJobOnDemand$(this.context, endpointInfo, streamed as Payload, streaming, options),
        );
      return (this.movingReplica(stream$) as Observable<SubmitEvent<T>>).pipe(shareJob<T>());
    }
    const run$ = (values: unknown[]): Observable<SubmitEvent> => {
      const wire = toWireData(endpointInfo, values);
      return endpointInfo.queued
        ? queuedJob$(this.context, endpointInfo, wire, options)
        : directJob$(this.context, endpointInfo, wire, options);
    };
    const values = args.value;
    const job$ = (): Observable<SubmitEvent> => {
      const uploaded$ = withArgsUploaded$(this.context, endpointInfo, values, run$);
      return this.withFileUrls(
        endpointInfo.renderId === null ? uploaded$ : this.applyingRenders(uploaded$),
      );
    };
    return (this.movingReplica(job$) as Observable<SubmitEvent<T>>).pipe(shareJob<T>());
  }

  /**
   * `job$` with the file URLs of its data made usable from here: rebased from the server's own
   * root onto the client's (`GradioClientInit.serverRoot`: behind a proxy, or on a Space replica
   * the balancer would not route a plain URL to), and signed for a Space with a signature.
   */
  private withFileUrls(job$: Observable<SubmitEvent>): Observable<SubmitEvent> {
    // Read when the job starts: the client may be on another replica by then.
    return defer(() => {
      const { serverRoot, url, signature = null } = this.init;
      const rebase = serverRoot && serverRoot !== url ? serverRoot : null;
      if (!rebase && !signature) return job$;
      const apiUrl = this.apiUrl;
      const fix = (data: unknown[]): unknown[] => {
        const rebased = rebase ? rebaseFileUrls(data, rebase, url) : data;
        return signature ? signFileUrls(rebased, apiUrl, signature) : rebased;
      };
      return job$.pipe(
        map((event) => (event.type === 'data' ? { ...event, data: fix(event.data) } : event)),
      );
    });
  }

  /**
   * A render function's job, which updates this client's endpoints from each `render` event
   * before subscribers see it (so the new endpoints are callable from their handler). A render
   * that arrives after `resetSession()` belonged to the old session and is not applied.
   */
  private applyingRenders(job$: Observable<SubmitEvent>): Observable<SubmitEvent> {
    return defer(() => {
      const session = this.sessionHash;
      return job$.pipe(
        tap((event) => {
          if (event.type !== 'render' || session !== this.sessionHash) return;
          this.renders.set(event.renderId, event.config);
          this.endpoints = renderedApi(this.config, this.init.endpoints, this.renders);
        }),
      );
    });
  }

  /**
   * Runs an endpoint and emits only its outputs (an array, one entry per output component):
   * one value then complete for a normal endpoint, one value per update for a generator. Same
   * laziness, sharing and cancel-on-unsubscribe as {@link GradioClient.submit$}; with
   * `firstValueFrom` it is a one-shot call (on a generator it takes the first output and cancels
   * the rest on the server).
   *
   * @example
   * ```ts
   * const [greeting] = await firstValueFrom(client.predict$('/predict', { name: 'Ada' }));
   * ```
   */
  predict$<T extends unknown[] = unknown[]>(
    endpoint: EndpointRef,
    payload?: Payload,
    options: SubmitOptions = {},
  ): Observable<T> {
    return this.submit$<T>(endpoint, payload, options).pipe(onlyData<T>());
  }
}
