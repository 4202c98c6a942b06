import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localFile } from '../../lib/transport/local-file';

/** Opens files for real and keeps every handle, to check that each was closed (fd -1). */
function recordingOpen() {
  const handles: FileHandle[] = [];
  return {
    handles,
    open: async (path: string, flags: 'r') => {
      const handle = await open(path, flags);
      handles.push(handle);
      return handle;
    },
  };
}

describe('localFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradio-rx-local-file-'));
  const path = join(dir, 'data.bin');
  const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => i % 251);
  writeFileSync(path, bytes);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens nothing until pulled, reads the whole file, and closes it before the stream ends', async () => {
    const recorder = recordingOpen();
    const source = localFile(path, bytes.byteLength, recorder.open);
    expect(source.size).toBe(200_000);
    const reader = source.stream().getReader();
    expect(recorder.handles).toHaveLength(0);
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    expect(recorder.handles.map((h) => h.fd)).toEqual([-1]);
  });

  it('closes the file when the stream is cancelled mid-read', async () => {
    const recorder = recordingOpen();
    const reader = localFile(path, bytes.byteLength, recorder.open).stream().getReader();
    await reader.read();
    await reader.cancel();
    expect(recorder.handles.map((h) => h.fd)).toEqual([-1]);
  });

  it('opens the file anew for each stream', async () => {
    const recorder = recordingOpen();
    const source = localFile(path, bytes.byteLength, recorder.open);
    const a = await new Response(source.stream()).arrayBuffer();
    const b = await new Response(source.stream()).arrayBuffer();
    expect([a.byteLength, b.byteLength]).toEqual([200_000, 200_000]);
    expect(recorder.handles.map((h) => h.fd)).toEqual([-1, -1]);
  });
});
