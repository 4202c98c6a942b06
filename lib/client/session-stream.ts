import type { Subscription } from 'rxjs';
import {
  advanceSessionStream,
  INITIAL_STREAM,
  type SessionStreamEffect,
  type SessionStreamInput,
  type SessionStreamState,
  type StreamFailure,
  type StreamUsage,
} from '../protocol/session-stream-machine';
import { sseData$ } from '../transport/sse';

/** What a session stream is plugged into. */
export interface SessionStreamHooks {
  /** Opens the stream's HTTP request (`GET {api}/queue/data?session_hash=...`). */
  open(signal: AbortSignal): Promise<Response>;
  /** See `SseOptions.idleTimeout`. */
  idleTimeout: number | false;
  /** How long an unneeded stream is left for the server to end (ms). */
  drainMs: number;
  /** One SSE `data` payload. */
  frame(data: string): void;
  /** The stream ended or broke while jobs were listening. */
  fail(failure: StreamFailure): void;
  /** Who needs the stream now. */
  usage(): StreamUsage;
  /** Forget messages held for joins in flight. */
  dropEarly(): void;
}

/** Resolves when `promise` settles or after `ms`, whichever is first; leaves no timer behind. */
function within(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => undefined,
    );
  });
}

interface Cut {
  noticeMs: number;
  connectMs: number;
  done: () => void;
  gate: Promise<void>;
}

/**
 * One session's event stream: carries out {@link advanceSessionStream}'s effects (the SSE request,
 * the drain timer, the cut's waits) and feeds it what happens. See the machine for the rules.
 */
export class SessionStream {
  private state: SessionStreamState = INITIAL_STREAM;
  private subscription: Subscription | null = null;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;
  private cutting: Cut | null = null;
  /** Settles when the current stream's response began (or its request failed). */
  private connected: Promise<void> = Promise.resolve();
  /** How long (ms) the server took to begin its latest stream response: a measure of its load. */
  private connectLatency = 0;
  /** How many times the stream was opened (for tests and diagnostics). */
  opened = 0;

  constructor(private readonly hooks: SessionStreamHooks) {}

  /** Whether the stream is open (in use or draining). */
  get streaming(): boolean {
    return this.state.phase !== 'closed';
  }

  /** Settles when joins may go ahead; null unless a cut is in progress. */
  get gate(): Promise<void> | null {
    return this.cutting?.gate ?? null;
  }

  /** Who needs the stream changed: open it for a listener, drain it when unused. */
  usageChanged(): void {
    this.dispatch({ type: 'usage', usage: this.hooks.usage() });
  }

  /** The server sent `close_stream`. */
  announced(): void {
    this.dispatch({ type: 'announced' });
  }

  /** Closes the stream now, even if the server has not ended it. */
  closeNow(): void {
    this.dispatch({ type: 'closeNow' });
  }

  /**
   * Cuts the stream so the server drops the session's queued jobs: opens one first if needed,
   * cuts it once its response began (within `connectMs`), reopens it at once for jobs still
   * listening, and resolves once the server had time to notice (`noticeMs`, or
   * twice as long as the server took to begin that response when it is busy, at most `connectMs`).
   * Joins wait until then ({@link gate}).
   */
  cut(noticeMs: number, connectMs: number): Promise<void> {
    // A cut already under way is shared.
    if (this.cutting) return this.cutting.gate;
    let done!: () => void;
    const gate = new Promise<void>((resolve) => (done = resolve));
    this.cutting = { noticeMs, connectMs, done, gate };
    this.dispatch({ type: 'cutRequested' });
    return gate;
  }

  private dispatch(input: SessionStreamInput): void {
    const step = advanceSessionStream(this.state, input);
    this.state = step.state;
    for (const effect of step.effects) this.perform(effect);
  }

  private perform(effect: SessionStreamEffect): void {
    switch (effect.type) {
      case 'open':
        this.open();
        return;
      case 'close': {
        const subscription = this.subscription;
        this.subscription = null;
        subscription?.unsubscribe();
        return;
      }
      case 'startDrain':
        this.drainTimer = setTimeout(
          () => this.dispatch({ type: 'drainElapsed' }),
          this.hooks.drainMs,
        );
        return;
      case 'stopDrain':
        clearTimeout(this.drainTimer);
        this.drainTimer = undefined;
        return;
      case 'dropEarly':
        this.hooks.dropEarly();
        return;
      case 'fail':
        this.hooks.fail(effect.failure);
        return;
      case 'awaitConnect': {
        const cut = this.cutting as Cut;
        void within(this.connected, cut.connectMs).then(() =>
          this.dispatch({ type: 'connectWaited', usage: this.hooks.usage() }),
        );
        return;
      }
      case 'awaitNotice': {
        const cut = this.cutting as Cut;
        const ms = Math.min(Math.max(cut.noticeMs, 2 * this.connectLatency), cut.connectMs);
        setTimeout(() => this.dispatch({ type: 'noticeElapsed' }), ms);
        return;
      }
      case 'cutDone': {
        const cut = this.cutting;
        this.cutting = null;
        cut?.done();
        return;
      }
    }
  }

  private open(): void {
    this.opened++;
    const openedAt = Date.now();
    let connected!: () => void;
    this.connected = new Promise<void>((resolve) => (connected = resolve)).then(() => {
      this.connectLatency = Date.now() - openedAt;
    });
    this.subscription = sseData$({
      open: (signal) => {
        const response = this.hooks.open(signal);
        response.then(connected, connected);
        return response;
      },
      idleTimeout: this.hooks.idleTimeout,
    }).subscribe({
      next: (frame) => this.hooks.frame(frame),
      complete: () => {
        this.subscription = null;
        this.dispatch({ type: 'ended', usage: this.hooks.usage() });
      },
      error: (error: unknown) => {
        this.subscription = null;
        this.dispatch({ type: 'broke', error });
      },
    });
  }
}
