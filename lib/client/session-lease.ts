import type { SessionFacts } from '../protocol/queued-job-machine';
import type { JobListener, QueueSession } from './queue-session';

/**
 * One job's hold on a session, from {@link SessionPool.acquire}: it keeps the session reserved for
 * the job's endpoint, marks the job's join as in flight (so early messages are kept) and routes the
 * job's event id to it. `dispose()` undoes whatever of that is still in place, and is safe to call
 * any number of times, so a job never balances counters by hand.
 */
export class SessionLease {
  private joining = false;
  private eventId: string | null = null;
  private disposed = false;

  constructor(
    readonly session: QueueSession,
    private readonly fnIndex: number,
  ) {
    session.reserve(fnIndex);
  }

  /** The session's id, as the server knows it. */
  get hash(): string {
    return this.session.hash;
  }

  /** The job's join request is about to be sent. */
  beginJoin(): void {
    if (this.disposed || this.joining) return;
    this.joining = true;
    this.session.joinStarted();
  }

  /** Routes `eventId`'s messages to `listener` (replaying early ones); the join is then settled. */
  listen(eventId: string, listener: JobListener): void {
    if (this.disposed) return;
    this.eventId = eventId;
    this.session.listen(eventId, listener);
    this.endJoin();
  }

  /** What the session looks like to this job, for deciding how to cancel it (read when used). */
  facts(): SessionFacts {
    const siblings = (): number => this.session.activeJobs(this.fnIndex) - 1;
    const onlyUser = (): boolean => this.session.onlyUser(this.eventId, this.joining);
    return {
      get siblings() {
        return siblings();
      },
      get onlyUser() {
        return onlyUser();
      },
    };
  }

  /** Gives everything back: the listener, a join still counted in flight, the reservation. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.eventId) this.session.unlisten(this.eventId);
    this.endJoin();
    this.session.release(this.fnIndex);
  }

  private endJoin(): void {
    if (!this.joining) return;
    this.joining = false;
    this.session.joinSettled();
  }
}
