import type { GradioError } from '../errors/gradio-error';
import { decodeQueueMessage } from '../protocol/queue-message';
import { sessionErrors } from '../protocol/session-errors';
import type { StreamFailure } from '../protocol/session-stream-machine';
import { SseError } from '../transport/sse';
import { MessageRouter, type JobListener } from './message-router';
import { SessionStream } from './session-stream';

export type { JobListener } from './message-router';

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

/**
 * How long (ms) a stream no job needs any more is kept open for the server to end it. The server
 * ends it itself right after the session's last `process_completed`; reading it to its end keeps
 * the keep-alive socket reusable, while aborting mid-response destroys the socket, so the next job
 * would pay for a new TCP connection. A job that joins meanwhile reuses the stream.
 */
export const STREAM_DRAIN_MS = 1000;

/**
 * One Gradio session (`session_hash`): which jobs use it (reservations per endpoint, joins in
 * flight), its multiplexed event stream ({@link SessionStream}: opened when the first job listens,
 * after its join succeeded as the server requires; drained when unused; never dropped while a job
 * needs it, since that makes the server drop every job of the session) and the routing of the
 * stream's messages to jobs ({@link MessageRouter}). Failures of the whole session fail every
 * listening job with a typed error (texts in `sessionErrors`); a job never hangs.
 */
export class QueueSession {
  private readonly router = new MessageRouter();
  private readonly stream: SessionStream;
  private joinsInFlight = 0;
  private readonly activeByFn = new Map<number, number>();

  constructor(
    readonly hash: string,
    private readonly transport: SessionTransport,
  ) {
    this.stream = new SessionStream({
      open: (signal) => transport.openStream(hash, signal),
      idleTimeout: transport.idleTimeout,
      drainMs: transport.drainMs ?? STREAM_DRAIN_MS,
      frame: (data) => this.route(data),
      fail: (failure) => this.failAll(this.streamError(failure)),
      usage: () => ({ listening: this.router.size > 0, joining: this.joinsInFlight > 0 }),
      dropEarly: () => this.router.dropEarly(),
    });
  }

  /** How many times this session opened its event stream (for tests and diagnostics). */
  get streamsOpened(): number {
    return this.stream.opened;
  }

  /** Jobs of `fnIndex` active in this session (a server cancel would stop all of them). */
  activeJobs(fnIndex: number): number {
    return this.activeByFn.get(fnIndex) ?? 0;
  }

  /** Whether the session's event stream is open (in use or draining). */
  get streaming(): boolean {
    return this.stream.streaming;
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
    return !this.router.hasOtherThan(eventId);
  }

  /**
   * Cuts the event stream so the server drops the session's queued jobs (servers before Gradio
   * 6.14 remove a waiting job only this way); see {@link SessionStream.cut}.
   */
  disconnect(noticeMs: number, connectMs: number): Promise<void> {
    return this.stream.cut(noticeMs, connectMs);
  }

  /** Resolves when a job may join this session (at once, unless a {@link disconnect} is settling). */
  whenJoinable(): Promise<void> | null {
    return this.stream.gate;
  }

  /** A join request of this session is in flight (its early messages must be kept). */
  joinStarted(): void {
    this.joinsInFlight++;
  }

  joinSettled(): void {
    this.joinsInFlight--;
    this.stream.usageChanged();
  }

  /** Routes `eventId`'s messages to `listener`, replaying any that came early; opens the stream. */
  listen(eventId: string, listener: JobListener): void {
    this.router.listen(eventId, listener);
    this.stream.usageChanged();
  }

  /** Stops routing `eventId`; the stream drains when nothing else needs it. */
  unlisten(eventId: string): void {
    this.router.unlisten(eventId);
    this.stream.usageChanged();
  }

  /** Closes the event stream now, even if the server has not ended it (client close). */
  closeNow(): void {
    this.stream.closeNow();
  }

  private redact(text: string): string {
    return this.transport.redact ? this.transport.redact(text) : text;
  }

  private route(frame: string): void {
    const message = decodeQueueMessage(frame);
    switch (message.msg) {
      case 'invalid':
        this.failAll(sessionErrors.malformedEvent(this.redact(message.reason)));
        return;
      case 'heartbeat':
        return;
      case 'close_stream':
        this.stream.announced();
        return;
      case 'unexpected_error':
        if (message.eventId && this.router.has(message.eventId)) break;
        this.failAll(
          message.sessionNotFound
            ? sessionErrors.sessionNotFound()
            : sessionErrors.serverFailed(this.redact(message.message)),
        );
        return;
    }
    const eventId = 'eventId' in message ? message.eventId : null;
    if (eventId) this.router.deliver(eventId, message, this.joinsInFlight > 0);
  }

  private streamError(failure: StreamFailure): GradioError {
    if (failure.kind === 'ended') return sessionErrors.streamEnded();
    const error = failure.error;
    if (!(error instanceof SseError)) return sessionErrors.streamLost('network', error);
    if (error.body === 'oversized') return sessionErrors.oversizedEvent(error.message, error);
    if (error.body === 'idle')
      return sessionErrors.streamLost({ idleMs: this.transport.idleTimeout }, error);
    return sessionErrors.streamLost(error.status ? { status: error.status } : 'network', error);
  }

  private failAll(error: GradioError): void {
    this.router.failAll(error);
    this.stream.usageChanged();
  }
}
