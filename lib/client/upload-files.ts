import { concat, defer, from, mergeMap, Observable, switchMap } from 'rxjs';
import { ArgumentError } from '../errors/call-errors';
import { FileTooLargeError } from '../errors/file-errors';
import { GradioError } from '../errors/gradio-error';
import { parseJsonText } from '../protocol/http-failures';
import { joinUrl } from '../protocol/url';
import { localFile, type ByteSource } from '../transport/local-file';
import { multipartStream } from '../transport/multipart';
import { nodeStreamUpload } from '../transport/node-upload';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitEvent, UploadEvent } from '../types/events';
import type { FileInput } from '../types/file-input';
import type { FileData } from '../types/file-data';
import type { ClientContext } from './client-context';

/** How many files upload at once. */
export const UPLOAD_CONCURRENCY = 4;

/** A file input, ready to upload (or, for a remote URL, already a reference). */
export interface PreparedFile {
  input: FileInput;
  index: number;
  name: string;
  mimeType: string;
  size: number | null;
  /** The bytes to upload: a Blob, or (Node) a file read from disk as the upload pulls it. */
  blob: ByteSource | null;
  /** Set for URL inputs the server fetches itself: nothing to upload. */
  reference: FileData | null;
}

const isNode = (): boolean =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ===
  'string';

const baseName = (path: string): string => path.split(/[\\/]/).filter(Boolean).pop() ?? 'file';

/**
 * A file from disk, read lazily (Node only): nothing is opened until the upload pulls it, and the
 * file is closed before its stream ends.
 */
async function openLocalFile(path: string): Promise<{ blob: ByteSource; size: number }> {
  if (!isNode())
    throw new ArgumentError(
      `handleFile("${path}"): local paths work in Node only; pass a Blob or File in the browser.`,
    );
  const fs = await import('node:fs');
  let size: number;
  try {
    const stat = await fs.promises.stat(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new ArgumentError(`No file at "${path}": check the path passed to handleFile().`);
  }
  return { blob: localFile(path, size, (file, flags) => fs.promises.open(file, flags)), size };
}

/**
 * Checks and opens every file input before anything is uploaded: missing paths and files over
 * the app's `max_file_size` fail here, so a bad payload never sends a byte.
 */
export async function prepareFiles(
  inputs: FileInput[],
  maxFileSize: number | null,
  endpoint: string | number,
): Promise<PreparedFile[]> {
  const prepared = await Promise.all(
    inputs.map(async (input, index): Promise<PreparedFile> => {
      const { source, options } = input;
      switch (source.kind) {
        case 'path': {
          const { blob, size } = await openLocalFile(source.path);
          const name = options.name ?? baseName(source.path);
          return {
            input,
            index,
            name,
            mimeType: options.mimeType ?? 'application/octet-stream',
            size,
            blob,
            reference: null,
          };
        }
        case 'blob': {
          const name = options.name ?? ((source.blob as Blob & { name?: string }).name || 'file');
          return {
            input,
            index,
            name,
            mimeType: options.mimeType ?? (source.blob.type || 'application/octet-stream'),
            size: source.blob.size,
            blob: source.blob,
            reference: null,
          };
        }
        case 'bytes': {
          const blob = new Blob([source.bytes as Uint8Array<ArrayBuffer>]);
          return {
            input,
            index,
            name: options.name ?? 'file',
            mimeType: options.mimeType ?? 'application/octet-stream',
            size: blob.size,
            blob,
            reference: null,
          };
        }
        case 'url': {
          const name = options.name ?? baseName(new URL(source.url).pathname);
          if (!options.upload) {
            const reference: FileData = {
              path: source.url,
              url: source.url,
              orig_name: name,
              meta: { _type: 'gradio.FileData' },
            };
            return {
              input,
              index,
              name,
              mimeType: options.mimeType ?? 'application/octet-stream',
              size: null,
              blob: null,
              reference,
            };
          }
          const response = await fetch(source.url);
          if (!response.ok)
            throw new ArgumentError(
              `Could not fetch ${source.url} to upload it (HTTP ${response.status}).`,
              { url: source.url, status: response.status },
            );
          const blob = await response.blob();
          return {
            input,
            index,
            name,
            mimeType: options.mimeType ?? (blob.type || 'application/octet-stream'),
            size: blob.size,
            blob,
            reference: null,
          };
        }
      }
    }),
  );
  const tooLarge = prepared.find(
    (file) => maxFileSize !== null && file.size !== null && file.size > maxFileSize,
  );
  if (tooLarge)
    throw new FileTooLargeError(tooLarge.name, tooLarge.size, maxFileSize, { endpoint });
  return prepared;
}

function uploadId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Uploads one file to `{api}/upload` as multipart, emitting progress (file bytes sent, ending at
 * the file's size), and records the server's file reference in `refs`. In Node the body is a
 * stream pulled by the socket (`node:http`, so a large file is never held in memory and progress
 * follows the network); browsers get a FormData body over fetch (progress at start and end).
 */
function uploadFile$(
  ctx: ClientContext,
  file: PreparedFile,
  refs: Map<FileInput, FileData>,
  base: Omit<UploadEvent, 'type' | 'file' | 'index' | 'loaded' | 'total' | 'time'>,
  maxFileSize: number | null,
): Observable<SubmitEvent> {
  return new Observable<SubmitEvent>((subscriber) => {
    const event = (loaded: number): UploadEvent => ({
      ...base,
      type: 'upload',
      file: file.name,
      index: file.index,
      loaded,
      total: file.size,
      time: Date.now(),
    });
    if (file.reference) {
      refs.set(file.input, file.reference);
      subscriber.complete();
      return;
    }
    const controller = new AbortController();
    const url = `${joinUrl(ctx.apiUrl, 'upload')}?upload_id=${uploadId()}`;
    const blob = file.blob as Blob;
    subscriber.next(event(0));
    let request: Promise<Response>;
    if (isNode()) {
      let last = 0;
      const { body, contentType } = multipartStream(
        [{ field: 'files', filename: file.name, contentType: file.mimeType, blob }],
        (_i, loaded) => {
          if (loaded > last) {
            last = loaded;
            if (loaded < blob.size) subscriber.next(event(loaded));
          }
        },
      );
      const headers = { ...ctx.http.credentialHeaders(url), 'content-type': contentType };
      request = nodeStreamUpload(url, headers, body, controller.signal);
    } else {
      const form = new FormData();
      form.append('files', blob, file.name);
      request = ctx.http.ky.post(url, { body: form, timeout: false, signal: controller.signal });
    }
    request
      .then(async (response) => {
        const text = await response.text();
        if (response.status === 413)
          throw new FileTooLargeError(file.name, file.size, maxFileSize, { url, status: 413 });
        if (!response.ok)
          throw new GradioError(
            'UPLOAD_FAILED',
            `Uploading "${file.name}" failed (HTTP ${response.status}): ${ctx.http.redact(text).slice(0, 200)}`,
            { url, status: response.status },
          );
        const paths = parseJsonText(text);
        const path = Array.isArray(paths) ? paths[0] : undefined;
        if (typeof path !== 'string')
          throw new GradioError(
            'PROTOCOL_ERROR',
            `The upload of "${file.name}" returned no file path.`,
            { url },
          );
        refs.set(file.input, {
          path,
          orig_name: file.name,
          size: file.size,
          mime_type: file.mimeType,
          meta: { _type: 'gradio.FileData' },
        });
        subscriber.next(event(blob.size));
        subscriber.complete();
      })
      .catch((error: unknown) => {
        if (subscriber.closed) return;
        subscriber.error(
          error instanceof GradioError
            ? error
            : new GradioError(
                'UPLOAD_FAILED',
                `Uploading "${file.name}" failed: the connection broke.`,
                { url, cause: error },
              ),
        );
      });
    return () => controller.abort();
  });
}

/**
 * A job whose payload holds file inputs: check and open every file, upload them (bounded
 * concurrency, progress events), then run `job$(data)` with each file input replaced by the
 * server's reference. Unsubscribing during the uploads aborts them.
 */
export function withUploads$(
  ctx: ClientContext,
  endpoint: EndpointInfo,
  inputs: FileInput[],
  job$: (refs: Map<FileInput, FileData>) => Observable<SubmitEvent>,
): Observable<SubmitEvent> {
  const maxFileSize = typeof ctx.maxFileSize === 'number' ? ctx.maxFileSize : null;
  const ref = endpoint.name ?? endpoint.fnIndex;
  const base = { endpoint: endpoint.name, fnIndex: endpoint.fnIndex, eventId: null };
  return defer(() => {
    const closed = ctx.closedError();
    if (closed) throw closed;
    return from(prepareFiles(inputs, maxFileSize, ref));
  }).pipe(
    switchMap((prepared) => {
      const refs = new Map<FileInput, FileData>();
      return concat(
        from(prepared).pipe(
          mergeMap((file) => uploadFile$(ctx, file, refs, base, maxFileSize), UPLOAD_CONCURRENCY),
        ),
        defer(() => job$(refs)),
      );
    }),
  );
}
