import { describe, expect, it } from '@jest/globals';
import { QueueSession, type JobListener } from '../../lib/client/queue-session';
import type { GradioError } from '../../lib/errors/gradio-error';
import type { QueueMessage } from '../../lib/protocol/queue-message';
import { controlledResponse, tick, type ControlledResponse } from '../support/controlled-response';

/** A session whose event streams the test writes by hand. */
function setup() {
  const streams: ControlledResponse[] = [];
  const session = new QueueSession('hash1', {
    idleTimeout: false,
    drainMs: 50,
    openStream: async () => {
      const stream = controlledResponse();
      streams.push(stream);
      return stream.response;
    },
  });
  const send = (body: Record<string, unknown>, index = streams.length - 1) =>
    streams[index]?.push(`data: ${JSON.stringify(body)}\n\n`);
  return { session, streams, send };
}

function recorder() {
  const messages: QueueMessage[] = [];
  const errors: GradioError[] = [];
  const listener: JobListener = { message: (m) => messages.push(m), fail: (e) => errors.push(e) };
  return { listener, messages, errors, kinds: () => messages.map((m) => m.msg) };
}

describe('QueueSession', () => {
  it('opens one stream for several jobs and routes messages by event id', async () => {
    const { session, streams, send } = setup();
    const a = recorder();
    const b = recorder();
    session.listen('A', a.listener);
    session.listen('B', b.listener);
    await tick();
    expect(streams).toHaveLength(1);
    send({ msg: 'process_starts', event_id: 'B', eta: null });
    send({ msg: 'process_starts', event_id: 'A', eta: null });
    send({ msg: 'heartbeat' });
    await tick();
    expect(a.kinds()).toEqual(['process_starts']);
    expect(b.kinds()).toEqual(['process_starts']);
  });

  it('holds messages that arrive before the join response and replays them in order', async () => {
    const { session, send } = setup();
    const first = recorder();
    session.listen('A', first.listener);
    session.joinStarted(); // job B's join is in flight
    await tick();
    send({ msg: 'estimation', event_id: 'B', rank: 0, queue_size: 1 });
    send({ msg: 'process_starts', event_id: 'B', eta: null });
    await tick();
    const late = recorder();
    session.listen('B', late.listener);
    session.joinSettled();
    expect(late.kinds()).toEqual(['estimation', 'process_starts']);
  });

  it('reopens at once when close_stream crosses a new join, and the new job gets its messages', async () => {
    const { session, streams, send } = setup();
    const a = recorder();
    session.listen('A', a.listener);
    await tick();
    session.joinStarted(); // job B's join is in flight while A finishes
    send({ msg: 'process_completed', event_id: 'A', success: true, output: { data: [1] } });
    await tick();
    session.unlisten('A');
    expect(streams[0]?.cancelled()).toBe(false);
    // B's join returns just before the server (which had not seen B yet) closes the stream.
    const b = recorder();
    session.listen('B', b.listener);
    session.joinSettled();
    send({ msg: 'close_stream', event_id: null }, 0);
    streams[0]?.end();
    await tick(10);
    expect(streams).toHaveLength(2);
    send({ msg: 'process_completed', event_id: 'B', success: true, output: { data: [2] } }, 1);
    await tick();
    expect(b.kinds()).toEqual(['process_completed']);
    expect(b.errors).toEqual([]);
    expect(session.streamsOpened).toBe(2);
  });

  it('fails pending jobs with CONNECTION_LOST when the stream ends without close_stream', async () => {
    const { session, streams } = setup();
    const a = recorder();
    const b = recorder();
    session.listen('A', a.listener);
    session.listen('B', b.listener);
    await tick();
    streams[0]?.end();
    await tick(10);
    expect(a.errors.map((e) => e.code)).toEqual(['CONNECTION_LOST']);
    expect(b.errors.map((e) => e.code)).toEqual(['CONNECTION_LOST']);
  });

  it('fails pending jobs with CONNECTION_LOST when the network breaks', async () => {
    const { session, streams } = setup();
    const a = recorder();
    session.listen('A', a.listener);
    await tick();
    streams[0]?.fail(new Error('ECONNRESET'));
    await tick(10);
    expect(a.errors[0]).toMatchObject({
      code: 'CONNECTION_LOST',
      message: expect.stringMatching(/network connection broke/),
    });
  });

  it('fails every pending job on an unexpected_error without event id, and on a malformed frame', async () => {
    const { session, send, streams } = setup();
    const a = recorder();
    session.listen('A', a.listener);
    await tick();
    send({ msg: 'unexpected_error', message: 'Server stopped unexpectedly.', success: false });
    await tick();
    expect(a.errors[0]).toMatchObject({
      code: 'SERVER_ERROR',
      message: expect.stringContaining('Server stopped unexpectedly.'),
    });

    const b = recorder();
    session.listen('B', b.listener);
    await tick();
    streams.at(-1)?.push('data: {not json\n\n');
    await tick();
    expect(b.errors[0]).toMatchObject({ code: 'PROTOCOL_ERROR' });
  });

  it('reports a session the server forgot (session_not_found) as CONNECTION_LOST, safe to retry', async () => {
    const { session, send } = setup();
    const a = recorder();
    session.listen('A', a.listener);
    await tick();
    send({ msg: 'unexpected_error', message: '404: Not Found', session_not_found: true });
    await tick();
    expect(a.errors[0]).toMatchObject({
      code: 'CONNECTION_LOST',
      message: expect.stringMatching(/no longer knows this session/),
    });
  });

  it('keeps the stream while a join is in flight, then leaves it to the server to end', async () => {
    const { session, streams } = setup();
    const a = recorder();
    session.listen('A', a.listener);
    await tick();
    session.joinStarted();
    session.unlisten('A');
    await tick(80);
    expect(streams[0]?.cancelled()).toBe(false);
    session.joinSettled();
    await tick();
    expect(streams[0]?.cancelled()).toBe(false); // the server ends it (socket stays reusable)
    streams[0]?.push('data: {"msg":"close_stream"}\n\n');
    streams[0]?.end();
    await tick(80);
    expect(streams[0]?.cancelled()).toBe(false);
  });

  it('closes an unneeded stream the server does not end after the drain time', async () => {
    const { session, streams } = setup();
    session.listen('A', recorder().listener);
    await tick();
    session.unlisten('A');
    await tick(10);
    expect(streams[0]?.cancelled()).toBe(false);
    await tick(80);
    expect(streams[0]?.cancelled()).toBe(true);
  });

  it('reuses a draining stream for a job that joins meanwhile', async () => {
    const { session, streams, send } = setup();
    session.listen('A', recorder().listener);
    await tick();
    session.unlisten('A');
    const b = recorder();
    session.listen('B', b.listener);
    await tick(80);
    expect(streams).toHaveLength(1);
    expect(streams[0]?.cancelled()).toBe(false);
    send({ msg: 'process_starts', event_id: 'B', eta: null });
    await tick();
    expect(b.kinds()).toEqual(['process_starts']);
  });

  it('closeNow closes the stream at once', async () => {
    const { session, streams } = setup();
    session.listen('A', recorder().listener);
    await tick();
    session.unlisten('A');
    session.closeNow();
    await tick();
    expect(streams[0]?.cancelled()).toBe(true);
  });

  it('tracks active jobs per endpoint', () => {
    const { session } = setup();
    expect(session.idle).toBe(true);
    session.reserve(3);
    session.reserve(3);
    session.reserve(4);
    expect(session.activeJobs(3)).toBe(2);
    session.release(3);
    session.release(3);
    session.release(4);
    expect(session.idle).toBe(true);
  });

  it('onlyUser: true only when no other job is reserved, joining or listening', () => {
    const { session } = setup();
    session.reserve(1);
    session.listen('A', recorder().listener);
    expect(session.onlyUser('A')).toBe(true);
    session.reserve(2);
    expect(session.onlyUser('A')).toBe(false);
    session.release(2);
    session.joinStarted();
    expect(session.onlyUser('A')).toBe(false);
    session.joinSettled();
    session.listen('B', recorder().listener);
    expect(session.onlyUser('A')).toBe(false);
    session.unlisten('B');
    expect(session.onlyUser('A')).toBe(true);
    session.closeNow();
  });

  it('disconnect opens a stream if none, cuts it once the response began, and holds joins meanwhile', async () => {
    let answer!: (response: Response) => void;
    const stream = controlledResponse();
    let opened = 0;
    const session = new QueueSession('hash1', {
      idleTimeout: false,
      openStream: () => {
        opened++;
        return new Promise<Response>((resolve) => (answer = resolve));
      },
    });
    expect(session.whenJoinable()).toBeNull();
    const done = session.disconnect(30, 5_000);
    const gate = session.whenJoinable();
    expect(gate).not.toBeNull();
    let joinable = false;
    void gate?.then(() => (joinable = true));
    await tick(10);
    expect(opened).toBe(1);
    expect(stream.cancelled()).toBe(false);
    answer(stream.response); // the server began its response: now the cut is seen
    await tick(10);
    expect(stream.cancelled()).toBe(true);
    expect(session.streaming).toBe(false);
    expect(joinable).toBe(false); // the server is still given time to notice
    await done;
    expect(joinable).toBe(true);
    expect(session.whenJoinable()).toBeNull();
  });

  it('disconnect gives up waiting for a response that never begins', async () => {
    const session = new QueueSession('hash1', {
      idleTimeout: false,
      openStream: (_hash, signal) =>
        new Promise<Response>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    });
    const started = Date.now();
    await session.disconnect(10, 50);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(session.streaming).toBe(false);
  });

  it('disconnect reopens the stream at once for a job still listening', async () => {
    const { session, streams } = setup();
    const watcher = recorder();
    session.listen('A', watcher.listener);
    await tick();
    await session.disconnect(10, 1_000);
    expect(streams).toHaveLength(2);
    expect(streams[0]?.cancelled()).toBe(true);
    expect(session.streaming).toBe(true);
    session.closeNow();
  });
});
