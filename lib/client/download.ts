import { Observable } from 'rxjs';
import type { HttpClient } from '../transport/http-client';
import type { FileData } from '../types/file-data';
import { downloadFile, fileUrl, joinChunks } from './file-routes';
import { lazy$, STREAMED_MEDIA } from './lazy';

/** What `download$` emits: progress while bytes arrive, then the whole file. */
export type DownloadEvent =
  | {
      /** Discriminant: more bytes have arrived. */
      type: 'progress';
      /** Bytes received so far. */
      loaded: number;
      /** The file's size as the server announced it, or null when unknown (and for streams). */
      total: number | null;
    }
  | {
      /** Discriminant: the whole file has arrived (the last event). */
      type: 'done';
      /** The file's bytes. */
      data: Uint8Array;
      /** The file's content type as the server sent it, or null when it sent none. */
      mimeType: string | null;
      /** The absolute URL the file was downloaded from. */
      url: string;
    };

/**
 * Downloads a file (a `FileData` from an output, or a URL) and emits progress events, then the
 * bytes. A streamed media output (`is_stream`) is downloaded whole: its segments, in order, joined
 * once the stream has ended (see {@link mediaSegments$}). Credentials (token, custom headers,
 * login cookie) go only to the app's own origin: a file on another host, or a redirect to one, is
 * fetched without them. A refusal is typed by its status
 * (403: `PRIVATE_APP`, 404: `APP_NOT_FOUND`, ...). Unsubscribing aborts.
 */
export function download$(
  http: HttpClient,
  apiUrl: string,
  file: FileData | string,
): Observable<DownloadEvent> {
  if (typeof file !== 'string' && file.is_stream === true)
    return downloadStream$(http, apiUrl, file);
  return new Observable<DownloadEvent>((subscriber) => {
    const controller = new AbortController();
    const url = fileUrl(apiUrl, file);
    downloadFile(http, url, controller.signal, (loaded, total) =>
      subscriber.next({ type: 'progress', loaded, total }),
    ).then(
      ({ data, mimeType }) => {
        subscriber.next({ type: 'done', data, mimeType, url });
        subscriber.complete();
      },
      (error: unknown) => {
        if (!subscriber.closed) subscriber.error(error);
      },
    );
    return () => controller.abort();
  });
}

function downloadStream$(
  http: HttpClient,
  apiUrl: string,
  file: FileData,
): Observable<DownloadEvent> {
  return new Observable<DownloadEvent>((subscriber) => {
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    let mimeType: string | null = null;
    // The HLS code comes only when a streamed output is downloaded.
    const segments$ = lazy$(STREAMED_MEDIA, ({ mediaSegments$ }) =>
      mediaSegments$(http, apiUrl, file),
    );
    return segments$.subscribe({
      next: (segment) => {
        chunks.push(segment.data);
        loaded += segment.data.byteLength;
        mimeType ??= segment.mimeType;
        subscriber.next({ type: 'progress', loaded, total: null });
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        const url = fileUrl(apiUrl, file);
        subscriber.next({ type: 'done', data: joinChunks(chunks, loaded), mimeType, url });
        subscriber.complete();
      },
    });
  });
}
