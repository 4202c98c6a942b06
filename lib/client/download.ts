import { Observable } from 'rxjs';
import { GradioError } from '../errors/gradio-error';
import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import type { FileData } from '../types/file-data';

/** What `download$` emits: progress while bytes arrive, then the whole file. */
export type DownloadEvent =
  | { type: 'progress'; loaded: number; total: number | null }
  | { type: 'done'; data: Uint8Array; mimeType: string | null; url: string };

/** The absolute URL of a file reference: its `url`, or the app's file route for its `path`. */
export function fileUrl(apiUrl: string, file: FileData | string): string {
  if (typeof file === 'string') return new URL(file, `${apiUrl}/`).href;
  if (file.url) return new URL(file.url, `${apiUrl}/`).href;
  return joinUrl(apiUrl, `file=${file.path}`);
}

/**
 * Downloads a file (a `FileData` from an output, or a URL) and emits progress events, then the
 * bytes. Credentials (token, custom headers, login cookie) go only to the app's own origin: a file
 * on another host, or a redirect to one, is fetched without them. Unsubscribing aborts.
 */
export function download$(
  http: HttpClient,
  apiUrl: string,
  file: FileData | string,
): Observable<DownloadEvent> {
  return new Observable<DownloadEvent>((subscriber) => {
    const controller = new AbortController();
    const url = fileUrl(apiUrl, file);
    (async () => {
      const response = await http.getFollowingRedirects(url, {
        signal: controller.signal,
        timeout: false,
      });
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new GradioError(
          response.status === 404 ? 'APP_NOT_FOUND' : 'SERVER_ERROR',
          `Downloading ${url} failed (HTTP ${response.status}).`,
          {
            url,
            status: response.status,
          },
        );
      }
      const length = Number(response.headers.get('content-length'));
      const total = Number.isFinite(length) && length > 0 ? length : null;
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.byteLength;
        subscriber.next({ type: 'progress', loaded, total });
      }
      const data = new Uint8Array(loaded);
      let offset = 0;
      for (const chunk of chunks) {
        data.set(chunk, offset);
        offset += chunk.byteLength;
      }
      subscriber.next({ type: 'done', data, mimeType: response.headers.get('content-type'), url });
      subscriber.complete();
    })().catch((error: unknown) => {
      if (subscriber.closed) return;
      subscriber.error(
        error instanceof GradioError
          ? error
          : new GradioError(
              'CONNECTION_LOST',
              `Downloading ${url} failed: ${(error as Error).message}`,
              { url, cause: error },
            ),
      );
    });
    return () => controller.abort();
  });
}
