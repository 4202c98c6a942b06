import type { EndpointInfo } from '../types/api-info';
import { QueueSession, type SessionTransport } from './queue-session';
import { SessionLease } from './session-lease';

/** A random session hash, like the official clients'. */
export function newSessionHash(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether an endpoint must run in the client's own session: it reads or writes session state, or
 * it is a render function or a rendered endpoint (the server keeps renders per session).
 */
export const isStateful = (endpoint: EndpointInfo): boolean =>
  endpoint.renderId !== null ||
  endpoint.renderedIn !== null ||
  endpoint.inputSlots.some((s) => s.kind === 'state') ||
  endpoint.outputSlots.some((s) => s.kind === 'state');

/**
 * Allocates sessions to jobs. Gradio's cancel stops every running job of the same endpoint in a
 * session, so a stateless job goes to a session where no job of its endpoint is active: the
 * primary session first, then an extra session that is still busy or whose stream is still open,
 * then a new one. Stateful endpoints always use the primary session, because their state lives
 * there. Sequential calls therefore share one session and one stream; N concurrent calls of one
 * stateless endpoint use N sessions, up to `maxSessions`; past that they share the least busy one
 * (and a job unsubscribed there is abandoned rather than cancelled, so as not to stop its
 * neighbours). Extra sessions are forgotten once idle with their stream closed, so a later burst
 * uses fresh sessions, which the server's session table keeps longest.
 */
export class SessionPool {
  private sessions: QueueSession[];
  /** Former primary sessions whose jobs were still running at a reset. */
  private retired: QueueSession[] = [];

  /**
   * @param maxSessions Most sessions (and so event streams) one client uses at once; the default
   *   and its reasons are in `CONNECT_DEFAULTS.maxSessions`.
   */
  constructor(
    private readonly transport: SessionTransport,
    private readonly maxSessions: number,
  ) {
    this.sessions = [new QueueSession(newSessionHash(), transport)];
  }

  /** The client's own session: state lives here. */
  get primary(): QueueSession {
    return this.sessions[0] as QueueSession;
  }

  /** The sessions in use or still streaming (for diagnostics). */
  get all(): readonly QueueSession[] {
    return this.sessions;
  }

  /**
   * Picks the session for a job of `endpoint` and leases it: the session stays reserved for that
   * endpoint until the lease's `dispose()`.
   */
  acquire(endpoint: EndpointInfo): SessionLease {
    const fn = endpoint.fnIndex;
    this.sessions = this.sessions.filter((s, i) => i === 0 || !s.idle || s.streaming);
    let session = isStateful(endpoint)
      ? this.primary
      : this.sessions.find((s) => s.activeJobs(fn) === 0);
    if (!session && this.sessions.length < this.maxSessions) {
      session = new QueueSession(newSessionHash(), this.transport);
      this.sessions.push(session);
    }
    // At the cap, share the session where this endpoint is least busy. A job that shares its
    // session with a running job of the same endpoint is not cancelled on the server when
    // unsubscribed (that would stop its sibling); its result is discarded instead.
    session ??= this.sessions.reduce((a, b) => (b.activeJobs(fn) < a.activeJobs(fn) ? b : a));
    return new SessionLease(session, fn);
  }

  /** Closes every session's event stream now (client close). */
  closeAll(): void {
    for (const session of [...this.sessions, ...this.retired]) session.closeNow();
    this.retired = [];
  }

  /** Replaces the primary session with a fresh one (new state); extra sessions are kept. */
  resetPrimary(): QueueSession {
    const fresh = new QueueSession(newSessionHash(), this.transport);
    const old = this.primary;
    this.sessions = [fresh, ...this.sessions.slice(1)];
    this.retire([old]);
    return fresh;
  }

  /**
   * Replaces every session with one fresh primary session (the client moved to another server,
   * which knows none of them). Jobs still running finish in their old sessions.
   */
  resetAll(): void {
    const old = this.sessions;
    this.sessions = [new QueueSession(newSessionHash(), this.transport)];
    this.retire(old);
  }

  /** Closes idle sessions now; busy ones are kept (and closed by `closeAll`) until their jobs end. */
  private retire(sessions: QueueSession[]): void {
    this.retired = this.retired.filter((s) => !s.idle);
    for (const session of sessions) {
      if (session.idle) session.closeNow();
      else this.retired.push(session);
    }
  }
}
