import type { GradioError } from '../errors/gradio-error';
import type { QueueMessage } from '../protocol/queue-message';

/** Receives one job's messages from its session stream. */
export interface JobListener {
  message(message: QueueMessage): void;
  /** The session stream failed: the server has dropped the job. */
  fail(error: GradioError): void;
}

/** Messages held for event ids whose join response has not been handled yet, at most. */
const EARLY_LIMIT = 10_000;

/**
 * Routes a session's messages to its jobs by event id. A message for an event id nobody listens to
 * yet is held while a join is in flight (the server may answer on the stream before the join
 * response arrives) and replayed when its job starts listening.
 */
export class MessageRouter {
  private readonly listeners = new Map<string, JobListener>();
  private readonly early = new Map<string, QueueMessage[]>();
  private earlyCount = 0;

  /** How many jobs listen. */
  get size(): number {
    return this.listeners.size;
  }

  has(eventId: string): boolean {
    return this.listeners.has(eventId);
  }

  /** Whether a job other than `eventId` listens. */
  hasOtherThan(eventId: string | null): boolean {
    for (const id of this.listeners.keys()) if (id !== eventId) return true;
    return false;
  }

  /** Routes `eventId`'s messages to `listener`, replaying any that came early. */
  listen(eventId: string, listener: JobListener): void {
    this.listeners.set(eventId, listener);
    const held = this.early.get(eventId);
    if (!held) return;
    this.early.delete(eventId);
    this.earlyCount -= held.length;
    for (const message of held) {
      if (this.listeners.get(eventId) !== listener) break;
      listener.message(message);
    }
  }

  unlisten(eventId: string): void {
    this.listeners.delete(eventId);
  }

  /** Delivers a job's message; holds it when nobody listens yet and `joining`. */
  deliver(eventId: string, message: QueueMessage, joining: boolean): void {
    const listener = this.listeners.get(eventId);
    if (listener) listener.message(message);
    else if (joining && this.earlyCount < EARLY_LIMIT) {
      const held = this.early.get(eventId) ?? [];
      held.push(message);
      this.early.set(eventId, held);
      this.earlyCount++;
    }
  }

  /** Fails every listening job with `error` and forgets them. */
  failAll(error: GradioError): void {
    const listeners = [...this.listeners.values()];
    this.listeners.clear();
    for (const listener of listeners) listener.fail(error);
  }

  dropEarly(): void {
    this.early.clear();
    this.earlyCount = 0;
  }
}
