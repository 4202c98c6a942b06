import { ArgumentError } from '../errors/call-errors';
import { FileInput, type HandleFileOptions } from '../types/file-input';

/**
 * Marks a value as a file input:
 * - a local path (Node): streamed from disk when the job starts;
 * - an `http(s)` URL: passed to the app, which fetches it (or uploaded, with `{ upload: true }`);
 * - a `Blob` / `File` (browser and Node), or a `Buffer` / `Uint8Array` / `ArrayBuffer`.
 *
 * Put it anywhere in a payload; nested places (a chat message's files, a list of images) work too.
 * Bare strings are never treated as files.
 *
 * @example
 * ```ts
 * const [flipped] = await firstValueFrom(client.predict$('/flip', [handleFile('./cat.png')]));
 * client.predict$('/chat', [{ text: 'what is this?', files: [handleFile(blob)] }]);
 * ```
 */
export function handleFile(
  source: string | Blob | ArrayBuffer | ArrayBufferView,
  options: HandleFileOptions = {},
): FileInput {
  if (typeof source === 'string') {
    if (/^https?:\/\//i.test(source)) return new FileInput({ kind: 'url', url: source }, options);
    if (!source)
      throw new ArgumentError(
        'handleFile() needs a path, URL, Blob or bytes; it got an empty string.',
      );
    return new FileInput({ kind: 'path', path: source }, options);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob)
    return new FileInput({ kind: 'blob', blob: source }, options);
  if (source instanceof ArrayBuffer)
    return new FileInput({ kind: 'bytes', bytes: new Uint8Array(source) }, options);
  if (ArrayBuffer.isView(source))
    return new FileInput(
      { kind: 'bytes', bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength) },
      options,
    );
  throw new ArgumentError(
    'handleFile() takes a path, an http(s) URL, a Blob/File, or a Buffer/Uint8Array/ArrayBuffer.',
  );
}
