import { GradioError } from '../errors/gradio-error';
import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import type { ByteSource } from '../transport/local-file';
import { multipartStream } from '../transport/multipart';
import { isNode } from '../transport/runtime';
import { nodeStreamUpload } from '../transport/node-upload';
import { callRoute, readJson } from './call-route';
import { refusedRequest } from './refusals';

/** A file to upload, with what its errors name. */
export interface UploadRequest {
  name: string;
  mimeType: string;
  blob: ByteSource;
  size: number | null;
  /** The app's `max_file_size`, when the config gave one. */
  maxSize: number | null;
}

function uploadId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `POST {api}/upload?upload_id=…` with one file as multipart field `files`; resolves with the
 * server's path for it. In Node the body is a stream pulled by the socket (`node:http`, so a large
 * file is never held in memory) and `onProgress` reports the file bytes sent; browsers get a
 * FormData body over fetch (no progress in between).
 */
export function uploadFile(
  http: HttpClient,
  apiUrl: string,
  file: UploadRequest,
  signal: AbortSignal,
  onProgress: (loaded: number) => void,
): Promise<string> {
  const url = `${joinUrl(apiUrl, 'upload')}?upload_id=${uploadId()}`;
  const { name, size, maxSize } = file;
  const send = (): Promise<Response> => {
    if (!isNode()) {
      // Only Blobs reach this path: local files (the other kind of ByteSource) are Node-only.
      const form = new FormData();
      form.append('files', file.blob as Blob, name);
      return http.ky.post(url, { body: form, timeout: false, signal });
    }
    const { body, contentType } = multipartStream(
      [{ field: 'files', filename: name, contentType: file.mimeType, blob: file.blob }],
      (_index, loaded) => onProgress(loaded),
    );
    const headers = {
      ...http.identity,
      ...http.credentialHeaders(url),
      'content-type': contentType,
    };
    return nodeStreamUpload(url, headers, body, signal);
  };
  return callRoute({
    send,
    redact: (text) => http.redact(text),
    refused: (status, text) =>
      refusedRequest({ route: 'upload', status, text, url, file: { name, size, maxSize } }),
    read: readJson((paths) => {
      const path = Array.isArray(paths) ? (paths[0] as unknown) : undefined;
      if (typeof path !== 'string')
        throw new GradioError('PROTOCOL_ERROR', `The upload of "${name}" returned no file path.`, {
          url,
        });
      return path;
    }),
    unanswered: (cause) =>
      new GradioError('UPLOAD_FAILED', `Uploading "${name}" failed: the connection broke.`, {
        url,
        cause,
      }),
  });
}
