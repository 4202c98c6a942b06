import type { ByteSource } from './local-file';

/** One file part of a multipart upload. */
export interface MultipartFile {
  /** The form field name (Gradio: "files"). */
  field: string;
  filename: string;
  contentType: string;
  /** The bytes; read lazily (a file from disk in Node streams as the network takes it). */
  blob: ByteSource;
}

const encoder = new TextEncoder();

/** Quotes a filename for Content-Disposition the way browsers do (", CR, LF percent-encoded). */
const quote = (name: string): string =>
  name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function randomBoundary(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `----gradio-rx-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A `multipart/form-data` body as a pull-based stream: file bytes are read only as the network
 * takes them, so a large file never sits in memory whole. `onProgress(fileIndex, loaded)` reports
 * the file bytes handed to the network so far (not counting multipart framing).
 */
export function multipartStream(
  files: MultipartFile[],
  onProgress: (fileIndex: number, loaded: number) => void,
): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = randomBoundary();
  let index = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let loaded = 0;
  let finished = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      if (!reader) {
        const file = files[index];
        if (!file) {
          controller.enqueue(encoder.encode(`--${boundary}--\r\n`));
          finished = true;
          controller.close();
          return;
        }
        controller.enqueue(
          encoder.encode(
            `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
          ),
        );
        reader = file.blob.stream().getReader() as ReadableStreamDefaultReader<Uint8Array>;
        loaded = 0;
        return;
      }
      const { done, value } = await reader.read();
      if (done) {
        controller.enqueue(encoder.encode('\r\n'));
        reader = null;
        index++;
        return;
      }
      loaded += value.byteLength;
      controller.enqueue(value);
      onProgress(index, loaded);
    },
    async cancel(reason) {
      await reader?.cancel(reason);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
