import { describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import type { ClientContext } from '../../lib/client/client-context';
import { queuedJob$ } from '../../lib/client/queued-job';
import { SessionPool } from '../../lib/client/session-pool';
import { buildEndpoints } from '../../lib/protocol/build-endpoints';
import { HttpClient } from '../../lib/transport/http-client';
import type { SubmitEvent } from '../../lib/types/events';
import { sampleConfig } from '../protocol/config-fixtures';
import { controlledResponse, tick, type ControlledResponse } from '../support/controlled-response';

const API = 'http://app.test/gradio_api';
const endpoint = buildEndpoints(sampleConfig(), null)[0]!;

/**
 * The interpreter against a peer the spec answers by hand (no network, no Python): joins wait for
 * `answerJoin`, event streams are written with `send`, cancels are recorded.
 */
function setup(cancelRemovesQueued = true) {
  const streams: ControlledResponse[] = [];
  const joins: Array<(eventId: string) => void> = [];
  const cancels: string[] = [];
  const fakeFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path.endsWith('/queue/join'))
      return new Promise<Response>((resolve) =>
        joins.push((id) => resolve(Response.json({ event_id: id }))),
      );
    if (path.endsWith('/queue/data')) {
      const stream = controlledResponse();
      streams.push(stream);
      return stream.response;
    }
    if (path.endsWith('/cancel')) {
      cancels.push(((await request.json()) as { event_id: string }).event_id);
      return Response.json({ success: true });
    }
    return new Response('not found', { status: 404 });
  };
  const http = new HttpClient({
    trustedOrigins: ['http://app.test'],
    timeout: false,
    fetch: fakeFetch,
  });
  const sessions = new SessionPool(
    {
      idleTimeout: false,
      drainMs: 20,
      openStream: (hash, signal) =>
        http.ky.get(`${API}/queue/data?session_hash=${hash}`, { signal, timeout: false }),
    },
    32,
  );
  const ctx: ClientContext = {
    apiUrl: API,
    http,
    sessions,
    usesDiffs: true,
    cancelRemovesQueued,
    closeEndsStream: true,
    cancelGrace: 500,
    jobs: new Set(),
    closedError: () => null,
    maxFileSize: null,
    onJobStart: () => undefined,
  };
  const send = (body: Record<string, unknown>) =>
    streams.at(-1)?.push(`data: ${JSON.stringify(body)}\n\n`);
  const run = () => {
    const events: SubmitEvent[] = [];
    let done = false;
    const subscription: Subscription = queuedJob$(ctx, endpoint, ['x', null]).subscribe({
      next: (event) => events.push(event),
      complete: () => (done = true),
      error: () => (done = true),
    });
    return { events, subscription, done: () => done };
  };
  return { ctx, streams, joins, cancels, send, run };
}

const stages = (events: SubmitEvent[]) =>
  events.flatMap((e) => (e.type === 'status' ? [e.stage] : []));

describe('queuedJob$ (the interpreter, against a hand-driven peer)', () => {
  it('messages that came before the join answer follow the pending status', async () => {
    const { joins, send, run } = setup();
    const a = run();
    await tick();
    joins[0]!('A');
    await tick();
    const b = run(); // A keeps the stream open; B's join is in flight
    await tick();
    send({ msg: 'process_starts', event_id: 'B', eta: null }); // held: B's join not answered yet
    await tick();
    joins[1]!('B');
    await tick();
    expect(stages(b.events)).toEqual(['pending', 'processing']);
    expect(b.events[0]).toMatchObject({ eventId: 'B' });
    a.subscription.unsubscribe();
    b.subscription.unsubscribe();
  });

  it('an unsubscribe while the join is in flight sends one cancel once the event id is known', async () => {
    const { joins, cancels, run, ctx } = setup();
    const job = run();
    await tick();
    job.subscription.unsubscribe();
    expect(cancels).toEqual([]);
    joins[0]!('E1');
    await tick(10);
    expect(cancels).toEqual(['E1']);
    expect(ctx.jobs.size).toBe(1); // released only when the server confirms, or after the grace
    await tick(600);
    expect(ctx.jobs.size).toBe(0);
    expect(ctx.sessions.primary.idle).toBe(true);
  });

  it('releases at once when the server confirms the cancel with the job’s completion', async () => {
    const { joins, cancels, send, run, ctx } = setup();
    const job = run();
    await tick();
    joins[0]!('E1');
    await tick();
    send({ msg: 'process_starts', event_id: 'E1', eta: null });
    await tick();
    job.subscription.unsubscribe();
    await tick(10);
    expect(cancels).toEqual(['E1']);
    send({ msg: 'process_completed', event_id: 'E1', success: true, output: {} });
    await tick();
    expect(ctx.jobs.size).toBe(0);
    expect(stages(job.events)).toEqual(['pending', 'processing']); // nothing after the unsubscribe
  });

  it('old servers: a waiting job alone in its session is cut from the stream, then cancelled once the server noticed', async () => {
    const { joins, cancels, streams, run, ctx } = setup(false);
    const job = run();
    await tick();
    joins[0]!('E1');
    await tick();
    job.subscription.unsubscribe();
    expect(ctx.sessions.primary.whenJoinable()).not.toBeNull(); // joins wait for the cut
    await tick(10);
    expect(streams[0]?.cancelled()).toBe(true);
    expect(cancels).toEqual([]); // not yet: its stand-in completion could end the stream first
    await tick(200);
    expect(cancels).toEqual(['E1']);
    expect(ctx.sessions.primary.whenJoinable()).toBeNull();
    expect(ctx.jobs.size).toBe(0);
  });

  it('completes on the final message and leaves nothing registered', async () => {
    const { joins, send, run, ctx } = setup();
    const job = run();
    await tick();
    joins[0]!('E1');
    await tick();
    send({ msg: 'process_completed', event_id: 'E1', success: true, output: { data: ['hi', 1] } });
    await tick();
    expect(job.done()).toBe(true);
    expect(stages(job.events)).toEqual(['pending', 'complete']);
    expect(ctx.jobs.size).toBe(0);
    expect(ctx.sessions.primary.idle).toBe(true);
  });
});
