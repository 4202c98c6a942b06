import { concat, defer, from, mergeMap, Observable, switchMap } from 'rxjs';
import { ArgumentError } from '../errors/call-errors';
import { FileTooLargeError } from '../errors/file-errors';
import { isNode } from '../transport/runtime';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitEvent, UploadEvent } from '../types/events';
import { localFile, type ByteSource } from '../transport/local-file';
import type { FileInput } from '../types/file-input';
import type { FileData } from '../types/file-data';
import type { ClientContext } from './client-context';
import { uploadFile } from './upload-route';

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

/**
 * Uploads one file (see `uploadFile`), emitting progress (file bytes sent, monotonic, ending at
 * the file's size), and records the server's file reference in `refs`. Unsubscribing aborts.
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
    const blob = file.blob as ByteSource; // null only for files that are already on the server
    subscriber.next(event(0));
    let last = 0;
    const upload = { ...file, blob, maxSize: maxFileSize };
    uploadFile(ctx.http, ctx.apiUrl, upload, controller.signal, (loaded) => {
      if (loaded > last) {
        last = loaded;
        if (loaded < blob.size) subscriber.next(event(loaded));
      }
    }).then(
      (path) => {
        refs.set(file.input, {
          path,
          orig_name: file.name,
          size: file.size,
          mime_type: file.mimeType,
          meta: { _type: 'gradio.FileData' },
        });
        subscriber.next(event(blob.size));
        subscriber.complete();
      },
      (error: unknown) => {
        if (!subscriber.closed) subscriber.error(error);
      },
    );
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
