import { describe, expect, it } from '@jest/globals';
import { handleFile } from '../../lib/files/handle-file';
import { isFileInput } from '../../lib/types/file-input';

describe('handleFile', () => {
  it('tells URLs, paths, Blobs and bytes apart', () => {
    expect(handleFile('https://x.example/a.png').source).toEqual({
      kind: 'url',
      url: 'https://x.example/a.png',
    });
    expect(handleFile('HTTP://x.example/a.png').source.kind).toBe('url');
    expect(handleFile('./cat.png').source).toEqual({ kind: 'path', path: './cat.png' });
    expect(handleFile(new Blob(['x'])).source.kind).toBe('blob');
    const bytes = handleFile(Buffer.from('abc')).source;
    expect(bytes.kind).toBe('bytes');
    expect(Buffer.from((bytes as { bytes: Uint8Array }).bytes).toString()).toBe('abc');
    expect(handleFile(new Uint8Array([1, 2]).buffer).source).toEqual({
      kind: 'bytes',
      bytes: new Uint8Array([1, 2]),
    });
  });

  it("keeps a view's own window of a larger buffer", () => {
    const whole = new Uint8Array([0, 1, 2, 3, 4]);
    const source = handleFile(whole.subarray(1, 3)).source as { bytes: Uint8Array };
    expect([...source.bytes]).toEqual([1, 2]);
  });

  it('keeps options and is recognised by brand', () => {
    const input = handleFile('a.txt', { name: 'b.txt', mimeType: 'text/plain' });
    expect(input.options).toEqual({ name: 'b.txt', mimeType: 'text/plain' });
    expect(isFileInput(input)).toBe(true);
    expect(isFileInput({ __gradioRxFileInput: true })).toBe(true);
    expect(isFileInput({ path: 'a.txt' })).toBe(false);
  });

  it.each([[''], [42], [null], [{}]])('refuses %p with INVALID_ARGUMENTS', (value) => {
    expect(() => handleFile(value as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENTS' }),
    );
  });
});
