import type { FileHandle } from 'node:fs/promises';

/** Bytes that can be read as a stream, with a known size: a `Blob`, or a {@link localFile}. */
export interface ByteSource {
  readonly size: number;
  stream(): ReadableStream<Uint8Array>;
}

/** Bytes read per pull; the same as Node's file read streams. */
const CHUNK_BYTES = 64 * 1024;

/**
 * A file on disk as a {@link ByteSource} (Node only): each `stream()` opens the file on its first
 * pull and reads it on demand, so a large file is never held in memory. The file is closed before
 * the stream reports its end, errors, or finishes cancelling, so once a consumer has seen the end
 * (or awaited `cancel()`) no file handle is left open. (`fs.openAsBlob` closes its handle only
 * some time after the end, and leaves a read request behind in `process.getActiveResourcesInfo()`.)
 */
export function localFile(
  path: string,
  size: number,
  open: (path: string, flags: 'r') => Promise<FileHandle>,
): ByteSource {
  return {
    size,
    stream: () => {
      let handle: FileHandle | null = null;
      let released = false;
      const release = async (): Promise<void> => {
        released = true;
        const current = handle;
        handle = null;
        await current?.close();
      };
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!handle) {
            const opened = await open(path, 'r');
            if (released) return void (await opened.close());
            handle = opened;
          }
          const buffer = new Uint8Array(CHUNK_BYTES);
          let bytesRead: number;
          try {
            ({ bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null));
          } catch (error) {
            await release();
            throw error;
          }
          if (released) return;
          if (bytesRead === 0) {
            await release();
            controller.close();
            return;
          }
          controller.enqueue(bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead));
        },
        cancel: release,
      });
    },
  };
}
