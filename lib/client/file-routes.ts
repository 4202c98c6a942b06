import { GradioError } from '../errors/gradio-error';
import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import type { FileData } from '../types/file-data';
import { callRoute } from './call-route';
import { refusedRequest } from './refusals';

/** The routes that read an app's files: output files, and streamed media playlists and segments. */

/** The absolute URL of a file reference: its `url`, or the app's file route for its `path`. */
export function fileUrl(apiUrl: string, file: FileData | string): string {
  if (typeof file === 'string') return new URL(file, `${apiUrl}/`).href;
  if (file.url) return new URL(file.url, `${apiUrl}/`).href;
  return joinUrl(apiUrl, `file=${file.path}`);
}

/** A downloaded file. */
export interface DownloadedFile {
  data: Uint8Array;
  mimeType: string | null;
}

/** What {@link readFile} learnt about a file once its body was read. */
export interface ReadFile {
  size: number;
  mimeType: string | null;
}

/** Joins byte chunks into one array of `size` bytes. */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const data = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return data;
}

/**
 * `GET` a file (see {@link fileUrl}), following redirects hop by hop so credentials go only to
 * trusted origins, and hands each chunk of its body to `onChunk` as it arrives, with the bytes
 * `loaded` so far, the `total` the server announced (or null) and the content type.
 */
export function readFile(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  onChunk: (
    chunk: Uint8Array,
    loaded: number,
    total: number | null,
    mimeType: string | null,
  ) => void,
): Promise<ReadFile> {
  return callRoute({
    send: () => http.getFollowingRedirects(url, { signal, timeout: false }),
    redact: (text) => http.redact(text),
    accepts: (response) => response.ok && response.body !== null,
    refused: (status, text) => refusedRequest({ route: 'download', status, text, url }),
    read: async (response) => {
      const length = Number(response.headers.get('content-length'));
      const total = Number.isFinite(length) && length > 0 ? length : null;
      const mimeType = response.headers.get('content-type');
      let loaded = 0;
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        loaded += value.byteLength;
        onChunk(value, loaded, total, mimeType);
      }
      return { size: loaded, mimeType };
    },
    unanswered: (cause) =>
      new GradioError('CONNECTION_LOST', `Downloading ${url} failed: ${(cause as Error).message}`, {
        url,
        cause,
      }),
  });
}

/** {@link readFile} into memory; `onProgress(loaded, total)` reports bytes as they arrive. */
export async function downloadFile(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  onProgress: (loaded: number, total: number | null) => void,
): Promise<DownloadedFile> {
  const chunks: Uint8Array[] = [];
  const { size, mimeType } = await readFile(http, url, signal, (chunk, loaded, total) => {
    chunks.push(chunk);
    onProgress(loaded, total);
  });
  return { data: joinChunks(chunks, size), mimeType };
}
