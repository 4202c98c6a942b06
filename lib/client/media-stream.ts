import { Observable } from 'rxjs';
import { GradioError } from '../errors/gradio-error';
import { parseMediaPlaylist, type MediaPlaylist } from '../protocol/hls-playlist';
import type { HttpClient } from '../transport/http-client';
import type { FileData } from '../types/file-data';
import { downloadFile, fileUrl, readFile } from './file-routes';

/** One piece of a streamed media output, in stream order. */
export interface MediaSegment {
  /** Discriminant: a piece of the stream. */
  readonly type: 'segment';
  /** 0 for the first piece, then 1, 2, ... */
  readonly index: number;
  /** The piece's bytes. */
  readonly data: Uint8Array;
  /** The piece's content type (`audio/aac`, `video/MP2T`, ...) as the server sent it. */
  readonly mimeType: string | null;
  /** Its duration in seconds, from the playlist; null where the server gives none (Gradio 4). */
  readonly duration: number | null;
  /** Where the piece was read: the segment's URL, or the stream's own on Gradio 4. */
  readonly url: string;
}

/** Options of {@link GradioClient.mediaSegments$}. */
export interface MediaStreamOptions {
  /**
   * How often (ms) the playlist is read again while the stream grows. Default: half the
   * playlist's target duration, kept within 100 ms and 1 s.
   */
  pollInterval?: number;
  /**
   * The stream fails with `CONNECTION_LOST` when it gains nothing for this long (ms) before its
   * end; `false` waits for ever. Default 120 000, the pause after which Gradio itself gives up on
   * a generator.
   */
  idleTimeout?: number | false;
}

const DEFAULT_IDLE_MS = 120_000;

const isPlaylist = (url: string): boolean => new URL(url).pathname.endsWith('.m3u8');

/** Waits `ms`, or less when `signal` aborts; its abort listener goes once the wait is over. */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

const pollEvery = (playlist: MediaPlaylist, options: MediaStreamOptions): number =>
  options.pollInterval ??
  Math.min(1000, Math.max(100, ((playlist.targetDuration ?? 1) * 1000) / 2));

async function readPlaylist(http: HttpClient, url: string, signal: AbortSignal) {
  const { data } = await downloadFile(http, url, signal, () => undefined);
  return parseMediaPlaylist(new TextDecoder().decode(data));
}

function stalled(url: string, ms: number): GradioError {
  return new GradioError(
    'CONNECTION_LOST',
    `The media stream ${url} gained nothing for ${ms} ms and has not ended: the app stopped making it. Pass a longer idleTimeout if the app pauses longer on purpose.`,
    { url },
  );
}

/**
 * Follows a streamed media output (an `is_stream` FileData of `gr.Audio(streaming=True)` or
 * `gr.Video(streaming=True)`): reads the server's HLS playlist while the job runs and emits each
 * segment, in order, as soon as it is there; completes once the playlist is ended (the job
 * finished, failed or was cancelled). On Gradio 4, whose stream is one chunked response, each
 * chunk that arrives is a segment. Credentials go to the app's own origin only, as for
 * `download$`; unsubscribing stops the polling and aborts the request in flight.
 */
export function mediaSegments$(
  http: HttpClient,
  apiUrl: string,
  file: FileData | string,
  options: MediaStreamOptions = {},
): Observable<MediaSegment> {
  return new Observable<MediaSegment>((subscriber) => {
    const controller = new AbortController();
    const signal = controller.signal;
    const url = fileUrl(apiUrl, file);
    const follow = isPlaylist(url)
      ? followPlaylist(http, url, signal, options, (segment) => subscriber.next(segment))
      : followChunks(http, url, signal, (segment) => subscriber.next(segment));
    follow.then(
      () => subscriber.complete(),
      (error: unknown) => {
        if (!subscriber.closed) subscriber.error(error);
      },
    );
    return () => controller.abort();
  });
}

async function followPlaylist(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  options: MediaStreamOptions,
  emit: (segment: MediaSegment) => void,
): Promise<void> {
  const idleMs = options.idleTimeout === undefined ? DEFAULT_IDLE_MS : options.idleTimeout;
  let next = 0;
  let index = 0;
  let grewAt = Date.now();
  for (;;) {
    const playlist = await readPlaylist(http, url, signal);
    for (const segment of playlist.segments) {
      if (segment.sequence < next) continue;
      const segmentUrl = new URL(segment.uri, url).href;
      const { data, mimeType } = await downloadFile(http, segmentUrl, signal, () => undefined);
      next = segment.sequence + 1;
      grewAt = Date.now();
      emit({
        type: 'segment',
        index: index++,
        data,
        mimeType,
        duration: segment.duration,
        url: segmentUrl,
      });
    }
    if (playlist.ended) return;
    if (idleMs !== false && Date.now() - grewAt > idleMs) throw stalled(url, idleMs);
    await pause(pollEvery(playlist, options), signal);
    if (signal.aborted) return;
  }
}

async function followChunks(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  emit: (segment: MediaSegment) => void,
): Promise<void> {
  let index = 0;
  await readFile(http, url, signal, (data, _loaded, _total, mimeType) =>
    emit({ type: 'segment', index: index++, data, mimeType, duration: null, url }),
  );
}
