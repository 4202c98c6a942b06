import type { Subscription } from 'rxjs';
import { GradioError } from '../errors/gradio-error';
import { decodeQueueMessage, type QueueMessage } from '../protocol/queue-message';
import { sseData$, SseError } from '../transport/sse';

/** Receives one job's messages from its session stream. */
export interface JobListener {
  message(message: QueueMessage): void;
  /** The session stream failed: the server has dropped the job. */
  fail(error: GradioError): void;
}

/** How a session reaches its event stream. */
export interface SessionTransport {
  /** Opens `GET {api}/queue/data?session_hash=...` (with credentials). */
  openStream(sessionHash: string, signal: AbortSignal): Promise<Response>;
  /** See `SseOptions.idleTimeout`. */
  idleTimeout: number | false;
  /** How long an unneeded stream is left for the server to end (ms); {@link STREAM_DRAIN_MS}. */
  drainMs?: number;
  /** Removes the client's secrets from server text quoted in errors. */
  redact?: (text: string) => string;
}

/** Resolves when `promise` settles or after `ms`, whichever is first; leaves no timer behind. */
function within(promise: Promise<void> | null, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise?.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => undefined,
    );
  });
}

/** Messages held for an event id whose join response has not been handled yet. */
const EARLY_LIMIT = 10_000;

/**
 * How long (ms) a stream no job needs any more is kept open for the server to end it. The server
 * ends it itself right after the session's last `process_completed`; reading it to its end keeps
 * the keep-alive socket reusable, while aborting mid-response destroys the socket, so the next job
 * would pay for a new TCP connection. A job that joins meanwhile reuses the stream.
 */
export const STREAM_DRAIN_MS = 1000;

/**
 * One Gradio session (`session_hash`) and its multiplexed event stream. Jobs of the session
 * register by event id; the stream is opened when the first job is registered (after its join
 * succeeded, as the server requires) and, once no job needs it, left for the server to end (for at
 * most {@link STREAM_DRAIN_MS}); it is never dropped while a job needs it, since that makes the
 * server drop every job of the session.
 *
 * Races handled: messages that arrive before a job's join response are buffered and replayed;
 * a `close_stream` that crosses a new job's join is answered by reopening at once (the server keeps
 * the new job's messages for the session); a stream that ends without `close_stream` while jobs
 * are pending fails those jobs with `CONNECTION_LOST`, never leaving them hanging.
 */
export class QueueSession {
  private readonly listeners = new Map<string, JobListener>();
  private readonly early = new Map<string, QueueMessage[]>();
  private earlyCount = 0;
  private joinsInFlight = 0;
  private readonly activeByFn = new Map<number, number>();
  private stream: Subscription | null = null;
  private closeAnnounced = false;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;
  private gate: Promise<void> | null = null;
  /** Settles when the current stream's response began (or its request failed). */
  private connected: Promise<void> = Promise.resolve();
  /** How long (ms) the server took to begin its latest stream response: a measure of its load. */
  private connectLatency = 0;
  /** How many times this session opened its event stream (for tests and diagnostics). */
  streamsOpened = 0;

  constructor(
    readonly hash: string,
    private readonly transport: SessionTransport,
  ) {}

  /** Jobs of `fnIndex` active in this session (a server cancel would stop all of them). */
  activeJobs(fnIndex: number): number {
    return this.activeByFn.get(fnIndex) ?? 0;
  }

  /** Whether the session's event stream is open (in use or draining). */
  get streaming(): boolean {
    return this.stream !== null;
  }

  /** Whether no job is active in this session. */
  get idle(): boolean {
    return this.activeByFn.size === 0;
  }

  /** Marks a job of `fnIndex` active in this session, from before its join until it is released. */
  reserve(fnIndex: number): void {
    this.activeByFn.set(fnIndex, this.activeJobs(fnIndex) + 1);
  }

  release(fnIndex: number): void {
    const left = this.activeJobs(fnIndex) - 1;
    if (left > 0) this.activeByFn.set(fnIndex, left);
    else this.activeByFn.delete(fnIndex);
  }

  /**
   * Whether the job `eventId` (null: not listening yet) is the only thing using this session: no
   * other job reserved or joining, no other listener. Only then may its stream be cut on the job's
   * behalf. `ownJoinPending`: the job's own join is still counted as in flight.
   */
  onlyUser(eventId: string | null, ownJoinPending = false): boolean {
    let active = 0;
    for (const count of this.activeByFn.values()) active += count;
    if (active > 1 || this.joinsInFlight > (ownJoinPending ? 1 : 0)) return false;
    for (const id of this.listeners.keys()) if (id !== eventId) return false;
    return true;
  }

  /**
   * Cuts the event stream so the server drops the session's queued jobs (servers before Gradio
   * 6.14 remove a waiting job only this way), and reopens it at once for any job still listening.
   * The server acts on a stream it has seen go away, so one is opened first if needed, and cut
   * once its response began (within `connectMs`). New joins of this session wait until the server
   * had time to notice (they would be dropped too): `noticeMs`, or twice as long as the server
   * took to begin that response when it is busy. `afterCut` runs right after the cut.
   */
  async disconnect(noticeMs: number, connectMs: number, afterCut?: () => void): Promise<void> {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.gate = gate;
    try {
      this.open();
      await within(this.connected, connectMs);
      this.closeNow();
      // Jobs still listening (the cancelled job's watch) get a fresh stream at once.
      if (this.listeners.size > 0) this.open();
      afterCut?.();
      await within(null, Math.min(Math.max(noticeMs, 2 * this.connectLatency), connectMs));
    } finally {
      if (this.gate === gate) this.gate = null;
      release();
    }
  }

  /** Resolves when a job may join this session (at once, unless a {@link disconnect} is settling). */
  whenJoinable(): Promise<void> | null {
    return this.gate;
  }

  /** A join request of this session is in flight (its early messages must be kept). */
  joinStarted(): void {
    this.joinsInFlight++;
  }

  joinSettled(): void {
    this.joinsInFlight--;
    this.closeIfUnused();
  }

  /** Routes `eventId`'s messages to `listener`, replaying any that came early; opens the stream. */
  listen(eventId: string, listener: JobListener): void {
    this.listeners.set(eventId, listener);
    const held = this.early.get(eventId);
    if (held) {
      this.early.delete(eventId);
      this.earlyCount -= held.length;
      for (const message of held) {
        if (this.listeners.get(eventId) !== listener) break;
        listener.message(message);
      }
    }
    if (this.listeners.size > 0) this.open();
  }

  /** Stops routing `eventId`; closes the stream when nothing else needs it. */
  unlisten(eventId: string): void {
    this.listeners.delete(eventId);
    this.closeIfUnused();
  }

  /** Closes the event stream now, even if the server has not ended it (client close). */
  closeNow(): void {
    this.stopDrain();
    this.dropEarly();
    const stream = this.stream;
    this.stream = null;
    stream?.unsubscribe();
  }

  private stopDrain(): void {
    clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
  }

  private dropEarly(): void {
    this.early.clear();
    this.earlyCount = 0;
  }

  private redact(text: string): string {
    return this.transport.redact ? this.transport.redact(text) : text;
  }

  private open(): void {
    if (this.stream) {
      // A draining stream is still this session's stream: keep it.
      this.stopDrain();
      return;
    }
    this.closeAnnounced = false;
    this.streamsOpened++;
    const openedAt = Date.now();
    let connected!: () => void;
    this.connected = new Promise<void>((resolve) => (connected = resolve)).then(() => {
      this.connectLatency = Date.now() - openedAt;
    });
    this.stream = sseData$({
      open: (signal) => {
        const response = this.transport.openStream(this.hash, signal);
        response.then(connected, connected);
        return response;
      },
      idleTimeout: this.transport.idleTimeout,
    }).subscribe({
      next: (frame) => this.route(frame),
      complete: () => this.ended(),
      error: (error: unknown) => this.broke(error),
    });
  }

  private closeIfUnused(): void {
    // During a disconnect the stream is cut on purpose, once the server began its response.
    if (this.listeners.size > 0 || this.joinsInFlight > 0 || this.gate) return;
    this.dropEarly();
    if (this.stream && !this.drainTimer)
      this.drainTimer = setTimeout(
        () => this.closeNow(),
        this.transport.drainMs ?? STREAM_DRAIN_MS,
      );
  }

  private route(frame: string): void {
    const message = decodeQueueMessage(frame);
    switch (message.msg) {
      case 'invalid':
        this.failAll(
          new GradioError(
            'PROTOCOL_ERROR',
            `The server sent a malformed event (${this.redact(message.reason)}); the session's jobs were abandoned.`,
          ),
        );
        return;
      case 'heartbeat':
        return;
      case 'close_stream':
        this.closeAnnounced = true;
        return;
      case 'unexpected_error':
        if (message.eventId && this.listeners.has(message.eventId)) break;
        this.failAll(
          message.sessionNotFound
            ? new GradioError(
                'CONNECTION_LOST',
                "The server no longer knows this session (it keeps only its most recent sessions' queues, and dropped this one's jobs). Submit again.",
              )
            : new GradioError(
                'SERVER_ERROR',
                `The server failed: ${this.redact(message.message)}.`,
              ),
        );
        return;
    }
    const eventId = 'eventId' in message ? message.eventId : null;
    if (!eventId) return;
    const listener = this.listeners.get(eventId);
    if (listener) listener.message(message);
    else if (this.joinsInFlight > 0 && this.earlyCount < EARLY_LIMIT) {
      const held = this.early.get(eventId) ?? [];
      held.push(message);
      this.early.set(eventId, held);
      this.earlyCount++;
    }
  }

  private ended(): void {
    this.stream = null;
    this.stopDrain();
    if (this.listeners.size === 0) return;
    if (this.closeAnnounced) {
      // The server closed the stream just as another job joined: reopen, its messages are kept.
      this.open();
      return;
    }
    this.failAll(
      new GradioError(
        'CONNECTION_LOST',
        'The event stream ended before the job finished; the server dropped the job. Submit it again.',
      ),
    );
  }

  private broke(error: unknown): void {
    this.stream = null;
    this.stopDrain();
    const status = error instanceof SseError ? error.status : 0;
    if (error instanceof SseError && error.body === 'oversized') {
      this.failAll(
        new GradioError(
          'PROTOCOL_ERROR',
          `The server sent an event larger than the limit (${error.message}); the session's jobs were abandoned.`,
          { cause: error },
        ),
      );
      return;
    }
    const idle = error instanceof SseError && error.body === 'idle';
    const reason = idle
      ? `no data arrived for ${this.transport.idleTimeout} ms`
      : status
        ? `the server answered HTTP ${status}`
        : 'the network connection broke';
    this.failAll(
      new GradioError(
        'CONNECTION_LOST',
        `Lost the connection to the app's event stream (${reason}); the server dropped the session's jobs. Submit again.`,
        {
          cause: error,
          ...(status ? { status } : {}),
        },
      ),
    );
  }

  private failAll(error: GradioError): void {
    const listeners = [...this.listeners.values()];
    this.listeners.clear();
    for (const listener of listeners) listener.fail(error);
    this.closeIfUnused();
  }
}
