import { describe, expect, it } from '@jest/globals';
import { multipartStream } from '../../lib/transport/multipart';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('multipartStream', () => {
  it('frames files as multipart/form-data that a standard parser reads back', async () => {
    const progress: [number, number][] = [];
    const { body, contentType } = multipartStream(
      [
        {
          field: 'files',
          filename: 'a "quoted"\nname.txt',
          contentType: 'text/plain',
          blob: new Blob(['hello']),
        },
        {
          field: 'files',
          filename: 'b.bin',
          contentType: 'application/octet-stream',
          blob: new Blob([new Uint8Array([0, 1, 2])]),
        },
      ],
      (index, loaded) => progress.push([index, loaded]),
    );
    const text = await readAll(body);
    const form = await new Response(text, { headers: { 'content-type': contentType } }).formData();
    const files = form.getAll('files') as File[];
    expect(files.map((f) => f.name)).toEqual(['a "quoted"\nname.txt', 'b.bin']);
    expect(await files[0]?.text()).toBe('hello');
    expect([...new Uint8Array(await (files[1] as File).arrayBuffer())]).toEqual([0, 1, 2]);
    expect(progress).toEqual([
      [0, 5],
      [1, 3],
    ]);
  });

  it('reads the file only as the consumer pulls', async () => {
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls > 3) controller.close();
        else controller.enqueue(new Uint8Array(10));
      },
    });
    const lazyBlob = { stream: () => source, size: 30 } as unknown as Blob;
    const { body } = multipartStream(
      [{ field: 'files', filename: 'x', contentType: 'a/b', blob: lazyBlob }],
      () => undefined,
    );
    const reader = body.getReader();
    await reader.read(); // headers of the part
    expect(pulls).toBeLessThanOrEqual(1);
    await reader.cancel();
  });
});
