import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, lastValueFrom, map, Subscription, tap, toArray } from 'rxjs';
import {
  connect$,
  isFileData,
  type ConnectOptions,
  onlyClient,
  streamedMedia,
  type DataEvent,
  type FileData,
  type GradioClient,
  type MediaSegment,
  type SubmitEvent,
} from '../../lib/index';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { joinChunks } from '../../lib/client/file-routes';
import { failure } from '../support/failure';
import { recordingFetch } from '../support/recording-fetch';
import { appUrl, gradioMajor } from '../support/fixtures';
import { loudnessLevels, probeMedia } from '../support/media-tools';

/**
 * Streaming media outputs against spec/fixtures/apps/media_app.py, whose `/tone` yields WAV chunks
 * of rising loudness (chunk n at 1000 * (n + 1)) into a `gr.Audio(streaming=True)` output, and
 * `/clip` one-second MPEG-TS clips into a `gr.Video(streaming=True)` output.
 *
 * Per line: Gradio 6 and 5 serve an HLS playlist that grows while the job runs (Gradio 6 encodes
 * the whole stream in one ffmpeg, so its segments do not match the chunks one to one; Gradio 5
 * makes one segment per chunk). Gradio 4 serves the stream as one chunked response that can be
 * read once, and has no streaming video output.
 */

const connect = (options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl('media_app'), options).pipe(onlyClient()));

async function withClient(
  use: (client: GradioClient) => Promise<void>,
  options?: ConnectOptions,
): Promise<void> {
  const client = await connect(options);
  try {
    await use(client);
  } finally {
    await client.close();
  }
}

const tag = (): string => `media-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

const joined = (segments: readonly MediaSegment[]): Uint8Array =>
  joinChunks(
    segments.map((s) => s.data),
    segments.reduce((n, s) => n + s.data.byteLength, 0),
  );

const report = async (client: GradioClient, t: string) => {
  const [text] = await firstValueFrom(client.predict$<[string]>('/media_report', [t]));
  return JSON.parse(text) as { yielded: number; finished: boolean };
};

const dataFiles = (events: SubmitEvent[]): FileData[] =>
  events
    .filter((e): e is DataEvent => e.type === 'data')
    .map((e) => e.data[0])
    .filter(isFileData);

/**
 * A playlist of two segments on another origin, recording the headers of every request; with
 * `ended: false` it never ends (a stream whose app stopped making it).
 */
async function remotePlaylist(ended = true) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    if (request.url?.endsWith('.m3u8')) {
      response.setHeader('content-type', 'application/vnd.apple.mpegurl');
      const end = ended ? '#EXT-X-ENDLIST\n' : '';
      response.end(`#EXTM3U\n#EXTINF:1,\none.aac\n#EXTINF:1,\ntwo.aac\n${end}`);
    } else response.end(request.url);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/stream/playlist.m3u8`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('streaming media outputs', () => {
  it('a streaming audio output arrives as is_stream FileData, one data event per chunk', () =>
    withClient(async (client) => {
      const events = await lastValueFrom(client.submit$('/tone', [3, 0, tag()]).pipe(toArray()));
      const files = dataFiles(events);
      expect(files.length).toBeGreaterThanOrEqual(3); // each yield, and the final value
      expect(files.every((f) => f.is_stream === true)).toBe(true);
      expect(new Set(files.map((f) => f.path)).size).toBe(1); // one stream for the whole job
      expect(files.slice(0, 3).map((f) => f.orig_name)).toEqual([
        'chunk-0.wav',
        'chunk-1.wav',
        'chunk-2.wav',
      ]);
    }));

  it('streamedMedia emits the segments in order while the job runs; they hold every chunk', () =>
    withClient(async (client) => {
      const t = tag();
      const order: string[] = [];
      const job$ = client.submit$('/tone', [4, 0.6, t]);
      job$.subscribe((e) => {
        if (e.type === 'status' && e.stage === 'complete') order.push('job complete');
      });
      const segments = await lastValueFrom(job$.pipe(streamedMedia(client)).pipe(toArray())).then(
        (all) => {
          order.push('media complete');
          return all;
        },
      );
      expect(segments.map((s) => s.index)).toEqual(segments.map((_, i) => i));
      expect(segments.length).toBeGreaterThan(0);
      expect(loudnessLevels(joined(segments))).toEqual([1000, 2000, 3000, 4000]);
      if (gradioMajor() >= 5) {
        expect(segments.every((s) => s.mimeType === 'audio/aac')).toBe(true);
        expect(segments.every((s) => typeof s.duration === 'number')).toBe(true);
      }
      expect(order).toEqual(['job complete', 'media complete']);
      expect(await report(client, t)).toEqual({ yielded: 4, finished: true });
    }));

  it('the first segment comes before the job ends (live, not after the fact)', () =>
    withClient(async (client) => {
      const job$ = client.submit$('/tone', [4, 0.8, tag()]);
      let completedAt = 0;
      job$.subscribe((e) => {
        if (e.type === 'status' && e.stage === 'complete') completedAt = Date.now();
      });
      const arrivals = await lastValueFrom(
        job$.pipe(
          streamedMedia(client),
          map(() => Date.now()),
          toArray(),
        ),
      );
      expect(completedAt).toBeGreaterThan(0);
      // The job runs 2.4 s after its first chunk; the first segment comes well before its end.
      expect(completedAt - (arrivals[0] as number)).toBeGreaterThan(800);
    }));

  it('download$ of a streamed output gives the whole stream, segments joined in order', () =>
    withClient(async (client) => {
      const events = await lastValueFrom(client.submit$('/tone', [3, 0, tag()]).pipe(toArray()));
      const file = dataFiles(events).at(-1) as FileData;
      const done = await lastValueFrom(client.download$(file));
      if (done.type !== 'done') throw new Error('no done event');
      expect(loudnessLevels(done.data)).toEqual([1000, 2000, 3000]);
      if (gradioMajor() >= 5) {
        // HLS can be read again: the same segments, joined.
        const segments = await lastValueFrom(client.mediaSegments$(file).pipe(toArray()));
        expect(done.data).toEqual(joined(segments));
        expect(done.mimeType).toBe('audio/aac');
      }
    }));

  it('unsubscribing stops the job on the server and the media download', () =>
    withClient(async (client) => {
      const t = tag();
      const got: MediaSegment[] = [];
      let ended = false;
      const sub: Subscription = client
        .submit$('/tone', [20, 0.3, t])
        .pipe(streamedMedia(client))
        .subscribe({
          next: (s) => got.push(s),
          error: () => (ended = true),
          complete: () => (ended = true),
        });
      while (got.length === 0) await new Promise((r) => setTimeout(r, 20));
      sub.unsubscribe();
      const atStop = (await report(client, t)).yielded;
      await new Promise((r) => setTimeout(r, 1500));
      const later = await report(client, t);
      expect(later.finished).toBe(false);
      expect(later.yielded).toBeLessThanOrEqual(atStop + 1); // at most the chunk in flight
      expect(later.yielded).toBeLessThan(20);
      expect(ended).toBe(false); // unsubscribed: no event after that
    }));

  it('a job that fails mid-stream errors with the app error; the stream it made still ends', () =>
    withClient(async (client) => {
      const job$ = client.submit$('/tone_then_fail', [2]);
      const got: MediaSegment[] = [];
      let file: FileData | undefined;
      job$.subscribe({
        next: (e) => {
          if (e.type === 'data' && isFileData(e.data[0])) file ??= e.data[0];
        },
        error: () => undefined,
      });
      const error = await failure(
        lastValueFrom(
          job$.pipe(
            streamedMedia(client),
            tap((s) => got.push(s)),
          ),
        ),
      );
      // Gradio 4 quotes the message: "'the tone broke off'".
      expect(error).toMatchObject({
        code: 'APP_ERROR',
        appMessage: expect.stringContaining('the tone broke off'),
      });
      expect(file?.is_stream).toBe(true);
      if (gradioMajor() >= 5) {
        // The server ended the playlist with what was made: following it again completes.
        const segments = await lastValueFrom(
          client.mediaSegments$(file as FileData).pipe(toArray()),
        );
        // Gradio 5 made a segment of each chunk. Gradio 6 drops what its encoder still held when
        // the app raised (how much depends on timing: nothing, part of the first chunk, or more):
        // the playlist ends with at most what the two 0.5 s chunks made (plus an AAC frame).
        if (gradioMajor() >= 6) {
          const seconds = segments.reduce((sum, segment) => sum + (segment.duration ?? 0), 0);
          expect(seconds).toBeLessThanOrEqual(1.05);
        } else expect(loudnessLevels(joined(segments))).toEqual([1000, 2000]);
        expect(got.length).toBeLessThanOrEqual(segments.length);
      }
    }));

  it('a streaming video output: MPEG-TS segments that join into the whole clip (Gradio 5+)', () =>
    withClient(async (client) => {
      if (gradioMajor() < 5) {
        // Gradio 4 has no streaming video output: the fixture has no /clip there.
        const error = await failure(firstValueFrom(client.predict$('/clip', [2])));
        expect(error).toMatchObject({ code: 'UNKNOWN_ENDPOINT' });
        return;
      }
      const segments = await lastValueFrom(
        client.submit$('/clip', [3]).pipe(streamedMedia(client), toArray()),
      );
      expect(segments.length).toBe(3);
      expect(segments.every((s) => s.duration === 1)).toBe(true);
      for (const segment of segments)
        expect(probeMedia(segment.data)).toEqual([
          { type: 'video', codec: 'h264', duration: expect.closeTo(1, 0) },
        ]);
      // Gradio 6 carries the timestamps on from segment to segment, so the joined segments play as
      // one 3 s clip; Gradio 5 leaves each clip's own (each starts at 0).
      const [whole] = probeMedia(joined(segments));
      expect(whole?.duration).toBeCloseTo(gradioMajor() >= 6 ? 3 : 1, 0);
    }));

  it('streamedMedia errors when the output is not a streamed one', () =>
    withClient(async (client) => {
      const error = await failure(
        lastValueFrom(client.submit$('/media_report', ['x']).pipe(streamedMedia(client))),
      );
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS' });
      expect((error as Error).message).toMatch(/without a streamed media output at index 0/);
    }));

  it("the playlist and its segments get the client's credentials on the app's origin", () => {
    const { fetch, requests } = recordingFetch();
    return withClient(
      async (client) => {
        await lastValueFrom(client.submit$('/tone', [2, 0, tag()]).pipe(streamedMedia(client)));
        const media = requests.filter((r) => r.url.includes('/stream/'));
        expect(media.length).toBeGreaterThanOrEqual(gradioMajor() >= 5 ? 2 : 1);
        for (const request of media) {
          expect(request.headers.authorization).toBe('Bearer hf_media_token');
          expect(request.headers['x-custom']).toBe('yes');
        }
      },
      { fetch, hfToken: 'hf_media_token', headers: { 'x-custom': 'yes' } },
    );
  });

  it('a stream on another host is followed without token or headers', async () => {
    const remote = await remotePlaylist();
    try {
      await withClient(
        async (client) => {
          const segments = await lastValueFrom(client.mediaSegments$(remote.url).pipe(toArray()));
          expect(segments.map((s) => new TextDecoder().decode(s.data))).toEqual([
            '/stream/one.aac',
            '/stream/two.aac',
          ]);
          expect(remote.seen).toHaveLength(3);
          for (const headers of remote.seen) {
            expect(headers.authorization).toBeUndefined();
            expect(headers['x-custom']).toBeUndefined();
          }
        },
        { hfToken: 'hf_media_token', headers: { 'x-custom': 'yes' } },
      );
    } finally {
      await remote.close();
    }
  });

  it('a stream that stops growing before its end fails with CONNECTION_LOST after idleTimeout', async () => {
    const remote = await remotePlaylist(false);
    try {
      await withClient(async (client) => {
        const got: MediaSegment[] = [];
        const started = Date.now();
        const error = await failure(
          lastValueFrom(
            client
              .mediaSegments$(remote.url, { idleTimeout: 400, pollInterval: 50 })
              .pipe(tap((s) => got.push(s))),
          ),
        );
        expect(error).toMatchObject({ code: 'CONNECTION_LOST' });
        expect((error as Error).message).toMatch(/gained nothing for 400 ms/);
        expect(got.map((s) => s.index)).toEqual([0, 1]); // what was there came first
        expect(Date.now() - started).toBeGreaterThanOrEqual(400);
        // It kept reading the playlist meanwhile, every 50 ms.
        expect(remote.seen.length).toBeGreaterThan(4);
      });
    } finally {
      await remote.close();
    }
  });
});
