import { describe, expect, it } from '@jest/globals';
import { prepareFiles } from '../../lib/client/upload-files';
import { handleFile } from '../../lib/files/handle-file';

describe('prepareFiles', () => {
  it('passes a URL to the app as a remote file reference, without fetching it', async () => {
    const [file] = await prepareFiles(
      [handleFile('https://files.example/images/cat.png')],
      null,
      '/f',
    );
    expect(file?.blob).toBeNull();
    expect(file?.reference).toEqual({
      path: 'https://files.example/images/cat.png',
      url: 'https://files.example/images/cat.png',
      orig_name: 'cat.png',
      meta: { _type: 'gradio.FileData' },
    });
  });

  it('names and types Blobs and bytes, honouring options', async () => {
    const file = new File(['abc'], 'note.txt', { type: 'text/plain' });
    const [a, b, c] = await prepareFiles(
      [
        handleFile(file),
        handleFile(new Uint8Array(4)),
        handleFile(new Blob(['x']), { name: 'y.bin', mimeType: 'a/b' }),
      ],
      null,
      '/f',
    );
    expect([a?.name, a?.mimeType, a?.size]).toEqual(['note.txt', 'text/plain', 3]);
    expect([b?.name, b?.mimeType, b?.size]).toEqual(['file', 'application/octet-stream', 4]);
    expect([c?.name, c?.mimeType, c?.size]).toEqual(['y.bin', 'a/b', 1]);
  });

  it('refuses the whole payload if any file is over the limit, naming it', async () => {
    await expect(
      prepareFiles(
        [handleFile(new Uint8Array(10)), handleFile(new Uint8Array(11), { name: 'big' })],
        10,
        '/f',
      ),
    ).rejects.toMatchObject({
      code: 'UPLOAD_TOO_LARGE',
      size: 11,
      maxSize: 10,
      endpoint: '/f',
    });
  });
});
