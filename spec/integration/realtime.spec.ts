import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  concat,
  EMPTY,
  Subscription,
  finalize,
  firstValueFrom,
  from,
  interval,
  lastValueFrom,
  map,
  NEVER,
  Observable,
  of,
  range,
  Subject,
  take,
  throwError,
  toArray,
} from 'rxjs';
import {
  formatApi,
  connect$,
  handleFile,
  onlyClient,
  type ConnectOptions,
  type FileInput,
  type GradioClient,
  type StatusEvent,
  type SubmitEvent,
} from '../../lib/index';
import { audioChunk, imageChunk } from '../support/chunks';
import { failure } from '../support/failure';
import { appUrl, gradioMajor, uploadStats, uploadTag } from '../support/fixtures';

/**
 * Streaming inputs against the real `.stream()` listeners of spec/fixtures/apps/stream_app.py,
 * which record at the server, per tag, which chunk numbers they processed in order.
 *
 * Per line: Gradio 6 processes each chunk it is given once. Gradio 5 runs the function once more
 * with the last chunk when the stream is closed (its close reruns the event with the data it
 * holds). Gradio 4 has no stream routes: its `.stream()` listeners are plain endpoints, so an
 * Observable input is refused there.
 */

const streams = (): boolean => gradioMajor() >= 5;

/** Gradio 4 has no stream routes: what a streaming spec proves there is the refusal. */
async function refusedWithoutStreamRoutes(): Promise<void> {
  const { fetch, seen } = recording();
  const client = await connect({ fetch });
  expect(client.endpoint('/flip').stream).toBeNull();
  const before = seen.requests.length;
  const error = await failure(firstValueFrom(client.predict$('/flip', [of(frame(0)), 'x', 0])));
  expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS' });
  expect((error as Error).message).toMatch(/not a stream endpoint/);
  expect(seen.requests.length).toBe(before);
  await client.close();
}

/** A streaming spec on Gradio 5+; on Gradio 4 it proves the Observable is refused instead. */
const itStreams = (name: string, fn: () => Promise<void>) =>
  streams()
    ? it(name, fn)
    : it(`${name} (Gradio 4: refused, no stream routes)`, refusedWithoutStreamRoutes);

let tags = 0;
const newTag = (): string => `t${process.pid}-${++tags}-${Date.now()}`;

interface Recorded {
  requests: Array<{ method: string; url: string }>;
  /** The event ids the joins were answered with. */
  eventIds: string[];
}

/** A real fetch that records the requests and the event id of each join. */
function recording(): { fetch: typeof fetch; seen: Recorded } {
  const seen: Recorded = { requests: [], eventIds: [] };
  const wrapped: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    seen.requests.push({ method: request.method, url: request.url });
    const response = await fetch(request);
    if (request.url.endsWith('/queue/join') && response.ok) {
      const body = (await response.clone().json()) as { event_id?: string };
      if (body.event_id) seen.eventIds.push(body.event_id);
    }
    return response;
  };
  return { fetch: wrapped, seen };
}

const connect = (options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl('stream_app'), options).pipe(onlyClient()));

const frame = (n: number) => handleFile(imageChunk(n), { name: `frame${n}.bmp` });
const sound = (n: number) => handleFile(audioChunk(n), { name: `chunk${n}.wav` });

async function report(
  client: GradioClient,
  tag: string,
): Promise<{ processed: number[]; active: number }> {
  const [text] = await firstValueFrom(client.predict$<[string]>('/stream_report', [tag]));
  return JSON.parse(text) as { processed: number[]; active: number };
}

/** What the server processed, with Gradio 5's extra run of the last chunk at close taken off. */
function processedOnce(processed: number[]): number[] {
  if (gradioMajor() !== 5) return processed;
  expect(processed.length).toBeGreaterThan(1);
  expect(processed.at(-1)).toBe(processed.at(-2));
  return processed.slice(0, -1);
}

const dataOf = (events: SubmitEvent[]): unknown[] =>
  events.flatMap((e) => (e.type === 'data' ? [e.data[0]] : []));
const finalStatus = (events: SubmitEvent[]): StatusEvent | undefined =>
  events.filter((e): e is StatusEvent => e.type === 'status').at(-1);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The status of a chunk POSTed to `eventId` by hand, once the server had time to forget the event
 * (404 once it did; polled for up to 10 s, since the server forgets it at the end of its run's
 * clean-up, which a loaded machine delays).
 */
async function lateChunkStatus(client: GradioClient, eventId: string, tag: string) {
  const lateChunk = () =>
    fetch(new URL(`gradio_api/stream/${eventId}`, `${appUrl('stream_app')}/`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: ['x', tag, 0],
        fn_index: client.endpoint('/flip').fnIndex,
        session_hash: 'x',
        event_data: null,
      }),
    }).then((response) => response.status);
  const deadline = Date.now() + 10_000;
  let status = await lateChunk();
  while (status !== 404 && Date.now() < deadline) {
    await sleep(100);
    status = await lateChunk();
  }
  return status;
}

/** Polls the server's record until it stops changing (a job that was cancelled stops growing). */
async function settled(client: GradioClient, tag: string) {
  let last = await report(client, tag);
  for (let i = 0; i < 20; i++) {
    await sleep(300);
    const now = await report(client, tag);
    if (now.active === 0 && now.processed.length === last.processed.length) return now;
    last = now;
  }
  return last;
}

describe('streaming inputs (real .stream() listeners)', () => {
  itStreams(
    'describes stream endpoints: their streaming parameters, stream_every and time_limit',
    async () => {
      const client = await connect();
      expect(client.endpoint('/flip').stream).toEqual({
        parameters: ['image'],
        every: 0.05,
        timeLimit: null,
      });
      expect(client.endpoint('/timed').stream).toMatchObject({
        parameters: ['image'],
        timeLimit: 1.5,
      });
      expect(client.endpoint('/shout').stream).toBeNull();
      const text = formatApi(client.viewApi());
      expect(text).toMatch(/\/flip[\s\S]*stream/);
      await client.close();
    },
  );

  itStreams(
    'keep-all: every chunk is processed once, in order, then the close ends the job',
    async () => {
      const client = await connect();
      const tag = newTag();
      const frames$ = range(0, 10).pipe(map(frame));
      const events = await lastValueFrom(
        client
          .submit$('/flip', { image: frames$, tag, delay: 0.02 }, { chunks: 'all' })
          .pipe(toArray()),
      );
      expect(processedOnce((await report(client, tag)).processed)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
      const data = dataOf(events);
      expect(data.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, n) => `${tag}:${n}`));
      expect(finalStatus(events)).toMatchObject({ stage: 'complete', streamEnd: 'closed' });
      await client.close();
    },
  );

  itStreams(
    'a hot input fed right after subscribing loses no chunk while the streaming code loads',
    async () => {
      const client = await connect();
      const tag = newTag();
      const frames = new Subject<FileInput>();
      const done = lastValueFrom(
        client.predict$('/flip', [frames, tag, 0], { chunks: 'all' }).pipe(toArray()),
      );
      // Synchronously, before the streaming job's code (loaded on first use) can have arrived.
      for (let n = 0; n < 4; n++) frames.next(frame(n));
      frames.complete();
      await done;
      expect(processedOnce((await report(client, tag)).processed)).toEqual([0, 1, 2, 3]);
      await client.close();
    },
  );

  itStreams('latest (the default): chunks that waited are replaced by the newest one', async () => {
    const client = await connect();
    const tag = newTag();
    // A synchronous burst: chunk 0 joins, 1..9 come while it is processed; only 9 is kept.
    const frames$ = range(0, 10).pipe(map(frame));
    const result = await lastValueFrom(client.predict$<[string]>('/flip', [frames$, tag, 0.2]));
    expect(processedOnce((await report(client, tag)).processed)).toEqual([0, 9]);
    expect(result).toEqual([`${tag}:9`]);
    await client.close();
  });

  itStreams(
    'a later chunk waits for the result of the one in flight (never two at the server)',
    async () => {
      const { fetch, seen } = recording();
      const client = await connect({ fetch });
      const tag = newTag();
      // A chunk every 30 ms while each takes 150 ms. The server keeps only the latest chunk it was
      // given, so a chunk sent while another is processed would replace a waiting one unseen:
      // every chunk the client sent must have been processed (the join's, plus one per POST).
      const frames$ = interval(30).pipe(take(25), map(frame));
      await lastValueFrom(client.predict$('/flip', [frames$, tag, 0.15]));
      const [eventId] = seen.eventIds;
      const posted = seen.requests.filter((r) => r.url.endsWith(`/stream/${eventId}`)).length;
      const once = processedOnce((await report(client, tag)).processed);
      expect(once.length).toBe(posted + 1);
      expect(once[0]).toBe(0);
      expect(once.at(-1)).toBe(24);
      expect(once.every((n, i) => i === 0 || n > (once[i - 1] as number))).toBe(true);
      expect(once.length).toBeLessThan(20);
      await client.close();
    },
  );

  itStreams(
    'the time limit ends the job with streamEnd "time-limit" and unsubscribes the inputs',
    async () => {
      const client = await connect();
      const tag = newTag();
      let unsubscribed = false;
      const frames$ = interval(100).pipe(
        map(frame),
        finalize(() => (unsubscribed = true)),
      );
      const started = Date.now();
      const events = await lastValueFrom(
        client.submit$('/timed', { image: frames$, tag, delay: 0 }).pipe(toArray()),
      );
      const took = Date.now() - started;
      expect(finalStatus(events)).toMatchObject({ stage: 'complete', streamEnd: 'time-limit' });
      expect(unsubscribed).toBe(true);
      expect(took).toBeGreaterThan(1000);
      expect(took).toBeLessThan(8000);
      expect(dataOf(events).length).toBeGreaterThan(2);
      await client.close();
    },
  );

  itStreams('unsubscribing cancels the job on the server', async () => {
    const { fetch, seen } = recording();
    const client = await connect({ fetch });
    const tag = newTag();
    const frames$ = interval(50).pipe(map(frame));
    await new Promise<void>((resolve, reject) => {
      const subscription = client.predict$('/flip', [frames$, tag, 0.1]).subscribe({
        next: () => {
          subscription.unsubscribe();
          resolve();
        },
        error: reject,
      });
    });
    const after = await settled(client, tag);
    expect(after.active).toBe(0);
    await sleep(500);
    expect((await report(client, tag)).processed).toEqual(after.processed);
    expect(seen.requests.some((r) => r.url.endsWith('/cancel'))).toBe(true);
    // The cancel alone ends it (a close sent with it would race it on the server).
    expect(seen.requests.some((r) => r.url.endsWith('/close'))).toBe(false);
    if (gradioMajor() >= 6) {
      const [eventId] = seen.eventIds;
      expect(await lateChunkStatus(client, eventId as string, tag)).toBe(404);
    }
    await client.close();
  });

  itStreams(
    'unsubscribing one of two streams sharing a session stops it at the server, the other goes on',
    async () => {
      const client = await connect({ maxSessions: 1 });
      const [a, b] = [newTag(), newTag()];
      const firstResult = (tag: string) =>
        new Promise<Subscription>((resolve, reject) => {
          let resolved = false;
          const subscription: Subscription = client
            .predict$('/flip', [interval(50).pipe(map(frame)), tag, 0.05])
            .subscribe({
              next: () => {
                if (!resolved) resolve(subscription);
                resolved = true;
              },
              error: reject,
            });
        });
      const [first, second] = await Promise.all([firstResult(a), firstResult(b)]);
      first.unsubscribe();
      const stopped = await settled(client, a);
      expect(stopped.active).toBe(0);
      const before = (await report(client, b)).processed.length;
      await sleep(600);
      expect((await report(client, a)).processed).toEqual(stopped.processed);
      expect((await report(client, b)).processed.length).toBeGreaterThan(before);
      second.unsubscribe();
      expect((await settled(client, b)).active).toBe(0);
      await client.close();
    },
  );

  itStreams(
    'an error in an input errors the job with it and closes the stream on the server',
    async () => {
      const { fetch, seen } = recording();
      const client = await connect({ fetch });
      const tag = newTag();
      const boom = new Error('camera unplugged');
      const frames$ = concat(
        from([0, 1, 2]).pipe(map(frame)),
        new Observable<never>((subscriber) => {
          setTimeout(() => subscriber.error(boom), 400);
        }),
      );
      const error = await failure(lastValueFrom(client.predict$('/flip', [frames$, tag, 0.02])));
      expect(error).toBe(boom);
      const [eventId] = seen.eventIds;
      expect(eventId).toBeDefined();
      await sleep(100);
      expect(seen.requests.some((r) => r.url.endsWith(`/stream/${eventId}/close`))).toBe(true);
      // Gradio 6: the event is gone at the server, a chunk sent to it now is refused (404), and
      // the server ended the job on the close alone: no cancel raced it. Gradio 5 keeps a
      // cancelled stream event registered a while (its chunk route still answers 200), and reruns
      // the last chunk on the close (the client cancels that): there the proof is that nothing
      // more is processed (below).
      if (gradioMajor() >= 6) {
        expect(await lateChunkStatus(client, eventId as string, tag)).toBe(404);
        expect(seen.requests.some((r) => r.url.endsWith('/cancel'))).toBe(false);
      }
      const after = await settled(client, tag);
      expect(after.active).toBe(0);
      // (Gradio 5 may or may not rerun the last chunk here: the cancel races the close.)
      expect(after.processed[0]).toBe(0);
      await client.close();
    },
  );

  itStreams('static inputs go with every chunk, and audio chunks are uploaded files', async () => {
    const client = await connect();
    const tag = newTag();
    const chunks$ = range(0, 5).pipe(map(sound));
    const results = await lastValueFrom(
      client.predict$<[string]>('/hear', { path: chunks$, tag }, { chunks: 'all' }).pipe(toArray()),
    );
    expect(processedOnce((await report(client, tag)).processed)).toEqual([0, 1, 2, 3, 4]);
    expect(results.map(([r]) => r).slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((n) => `${tag}:${n}`));
    await client.close();
  });

  itStreams(
    'a plain value for a streaming parameter is a stream of one chunk, closed once processed',
    async () => {
      const client = await connect();
      const tag = newTag();
      const started = Date.now();
      const events = await lastValueFrom(
        client.submit$('/flip', [frame(5), tag, 0]).pipe(toArray()),
      );
      expect(dataOf(events)[0]).toBe(`${tag}:5`);
      expect(finalStatus(events)).toMatchObject({ stage: 'complete', streamEnd: 'closed' });
      // The server would wait 30 s for more chunks without the close.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(processedOnce((await report(client, tag)).processed)).toEqual([5]);
      await client.close();
    },
  );

  itStreams(
    'firstValueFrom of a one-chunk stream: the close alone ends the job, no cancel races it',
    async () => {
      const { fetch, seen } = recording();
      const client = await connect({ fetch });
      const tag = newTag();
      // The first data arrives with the close already sent; the subscriber then leaves at once.
      expect(await firstValueFrom(client.predict$('/flip', [frame(6), tag, 0]))).toEqual([
        `${tag}:6`,
      ]);
      const [eventId] = seen.eventIds;
      if (gradioMajor() >= 6) {
        expect(await lateChunkStatus(client, eventId as string, tag)).toBe(404);
        expect(seen.requests.some((r) => r.url.endsWith('/cancel'))).toBe(false);
      }
      const { processed } = await settled(client, tag);
      // Gradio 5 may or may not rerun the chunk for the close: its cancel races the rerun there.
      if (gradioMajor() === 5) expect(new Set(processed)).toEqual(new Set([6]));
      else expect(processed).toEqual([6]);
      await client.close();
    },
  );

  itStreams(
    'several hot inputs fed while the streaming code loads keep their order across inputs',
    async () => {
      const client = await connect();
      const tag = newTag();
      const frames = new Subject<FileInput>();
      const delays = new Subject<number>();
      const done = lastValueFrom(
        client.predict$('/flip', [frames, tag, delays], { chunks: 'all' }).pipe(toArray()),
      );
      // Synchronously: frame 0 and a delay make the first chunk; frames 1 and 2 follow it.
      frames.next(frame(0));
      delays.next(0);
      frames.next(frame(1));
      frames.next(frame(2));
      frames.complete();
      delays.complete();
      await done;
      expect(processedOnce((await report(client, tag)).processed)).toEqual([0, 1, 2]);
      await client.close();
    },
  );

  itStreams('several Observable inputs: the job joins once each has a value', async () => {
    const client = await connect();
    const tag = newTag();
    const delays$ = new Observable<number>((subscriber) => {
      const timer = setTimeout(() => {
        subscriber.next(0);
        subscriber.complete();
      }, 200);
      return () => clearTimeout(timer);
    });
    const frames$ = of(frame(3));
    const [result] = await lastValueFrom(
      client.predict$<[string]>('/flip', [frames$, tag, delays$]),
    );
    expect(result).toBe(`${tag}:3`);
    expect(processedOnce((await report(client, tag)).processed)).toEqual([3]);
    await client.close();
  });
});

describe('streaming inputs: bad input is refused before anything is sent', () => {
  it('an Observable for an endpoint that does not stream is INVALID_ARGUMENTS, with no request', async () => {
    const { fetch, seen } = recording();
    const client = await connect({ fetch });
    const before = seen.requests.length;
    const error = await failure(firstValueFrom(client.predict$('/shout', [of('hi')])));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    expect((error as Error).message).toMatch(/\/shout is not a stream endpoint/);
    expect(seen.requests.length).toBe(before);
    await client.close();
  });

  itStreams(
    'a chunk that is not a file, for an image input, is INVALID_ARGUMENTS with no request',
    async () => {
      const { fetch, seen } = recording();
      const client = await connect({ fetch });
      const before = seen.requests.length;
      const error = await failure(
        firstValueFrom(client.predict$('/flip', [of('not a frame'), 'x', 0])),
      );
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS' });
      expect((error as Error).message).toMatch(/must be a file/);
      expect(seen.requests.length).toBe(before);
      await client.close();
    },
  );

  itStreams(
    'a chunk over max_file_size is UPLOAD_TOO_LARGE: before the join, or after it with the stream closed',
    async () => {
      const { fetch, seen } = recording();
      const tag = uploadTag();
      const client = await connect({ fetch, headers: { 'x-spec-tag': tag } });
      const big = () => handleFile(randomBytes(200 * 1024), { name: 'huge.bmp' });
      const before = seen.requests.length;
      const first = await failure(firstValueFrom(client.predict$('/flip', [of(big()), 'x', 0])));
      expect(first).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
      expect(seen.requests.length).toBe(before);
      expect((await uploadStats('stream_app', tag)).opened).toBe(0);

      const later = await failure(
        lastValueFrom(client.predict$('/flip', [concat(of(frame(0)), of(big())), tag, 0.2])),
      );
      expect(later).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
      const [eventId] = seen.eventIds;
      await sleep(100);
      expect(seen.requests.some((r) => r.url.endsWith(`/stream/${eventId}/close`))).toBe(true);
      // Only the first frame was uploaded: the big one was refused before its upload.
      expect((await uploadStats('stream_app', tag)).opened).toBe(1);
      expect((await settled(client, tag)).active).toBe(0);
      await client.close();
    },
  );

  it('a payload of the wrong shape is refused as for any job', async () => {
    const client = await connect();
    const error = await failure(firstValueFrom(client.predict$('/flip', [NEVER, 'x', 0, 'extra'])));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await client.close();
  });

  itStreams(
    'an input that completes without a value is INVALID_ARGUMENTS, and nothing is sent',
    async () => {
      const { fetch, seen } = recording();
      const client = await connect({ fetch });
      const before = seen.requests.length;
      const error = await failure(
        firstValueFrom(client.predict$('/flip', [EMPTY, 'x', interval(1000)])),
      );
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS' });
      expect((error as Error).message).toMatch(/completed without a value/);
      expect(seen.requests.length).toBe(before);
      await client.close();
    },
  );

  itStreams(
    'an input that errors before the job joined errors the job and sends nothing',
    async () => {
      const { fetch, seen } = recording();
      const client = await connect({ fetch });
      const before = seen.requests.length;
      const boom = new Error('no camera');
      const error = await failure(
        firstValueFrom(client.predict$('/flip', [throwError(() => boom), 'x', 0])),
      );
      expect(error).toBe(boom);
      expect(seen.requests.length).toBe(before);
      await client.close();
    },
  );
});
