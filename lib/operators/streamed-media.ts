import { Observable, type OperatorFunction, type Subscription } from 'rxjs';
import type { MediaSegment, MediaStreamOptions } from '../client/media-stream';
import { ArgumentError } from '../errors/call-errors';
import { findFileData } from '../protocol/file-walk';
import type { SubmitEvent } from '../types/events';
import type { FileData } from '../types/file-data';

/** What {@link streamedMedia} needs of a client. */
export interface MediaSource {
  /** Emits the segments of a streamed media output: {@link GradioClient.mediaSegments$}. */
  mediaSegments$(file: FileData, options?: MediaStreamOptions): Observable<MediaSegment>;
}

/** Options of {@link streamedMedia}. */
export interface StreamedMediaOptions extends MediaStreamOptions {
  /** Which output of the endpoint is the streaming audio or video (default 0). */
  output?: number;
}

/**
 * Turns a job stream (`submit$`) whose output is a streaming audio or video component into that
 * media's segments, in order, as the server makes them. The job stays subscribed while the media
 * is followed, so unsubscribing cancels both the job (on the server) and the download. Completes
 * once the job and its media have both ended; errors with the job's error (the segments already
 * made were emitted), or with `INVALID_ARGUMENTS` when the job ended without a streamed output at
 * that index.
 *
 * @example
 * ```ts
 * client
 *   .submit$('/speak', ['Hello'])
 *   .pipe(streamedMedia(client))
 *   .subscribe((segment) => player.append(segment.data));
 * ```
 */
export function streamedMedia(
  client: MediaSource,
  options: StreamedMediaOptions = {},
): OperatorFunction<SubmitEvent, MediaSegment> {
  const { output = 0, ...mediaOptions } = options;
  return (source) =>
    new Observable<MediaSegment>((subscriber) => {
      let media: Subscription | null = null;
      let mediaEnded = false;
      let jobEnded = false;
      const finishIfDone = () => {
        if (!jobEnded || !mediaEnded) return;
        subscriber.complete();
      };
      const job = source.subscribe({
        next: (event) => {
          if (media !== null || event.type !== 'data') return;
          const file = findFileData(event.data[output], (f) => f.is_stream === true);
          if (file === null) return;
          media = client.mediaSegments$(file, mediaOptions).subscribe({
            next: (segment) => subscriber.next(segment),
            error: (error: unknown) => subscriber.error(error),
            complete: () => {
              mediaEnded = true;
              finishIfDone();
            },
          });
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          jobEnded = true;
          if (media === null)
            subscriber.error(
              new ArgumentError(
                `The job ended without a streamed media output at index ${output}: pass the index of its streaming gr.Audio or gr.Video output as { output }.`,
              ),
            );
          else finishIfDone();
        },
      });
      return () => {
        job.unsubscribe();
        media?.unsubscribe();
      };
    });
}
