import { describe, expect, it } from '@jest/globals';
import { handleFile } from '../../lib/files/handle-file';
import { collectFileInputs, findFileData, replaceFileInputs } from '../../lib/protocol/file-walk';
import type { FileData } from '../../lib/types/file-data';

describe('file walk', () => {
  const a = handleFile('a.png');
  const b = handleFile(new Blob(['b']));
  const payload = ['text', { text: 'hi', files: [a, { nested: b }] }, [a], 3, null];

  it('collects each distinct file input, however deep', () => {
    expect(collectFileInputs(payload)).toEqual([a, b]);
    expect(collectFileInputs(['no', { files: [] }])).toEqual([]);
  });

  it('replaces file inputs and leaves the rest, without touching the original', () => {
    const replaced = replaceFileInputs(payload, (input) => ({
      path: input === a ? '/srv/a' : '/srv/b',
    }));
    expect(replaced).toEqual([
      'text',
      { text: 'hi', files: [{ path: '/srv/a' }, { nested: { path: '/srv/b' } }] },
      [{ path: '/srv/a' }],
      3,
      null,
    ]);
    expect((payload[1] as { files: unknown[] }).files[0]).toBe(a);
  });

  it('does not descend into class instances and survives shared references', () => {
    const shared = { f: a };
    expect(collectFileInputs([shared, shared, new Date()])).toEqual([a]);
  });

  it('finds the first wanted file reference in an output, nested or not', () => {
    const file = (path: string, isStream?: boolean): FileData => ({
      path,
      is_stream: isStream,
      meta: { _type: 'gradio.FileData' },
    });
    const stream = file('s/playlist.m3u8', true);
    const streamed = (f: FileData) => f.is_stream === true;
    expect(findFileData(stream, streamed)).toBe(stream);
    // Gradio 5's video value: { video, subtitles }.
    expect(findFileData({ video: stream, subtitles: null }, streamed)).toBe(stream);
    expect(findFileData([file('a.png'), [stream]], streamed)).toBe(stream);
    expect(findFileData([file('a.png')], streamed)).toBeNull();
    expect(findFileData([file('a.png'), stream])).toEqual(file('a.png'));
    expect(findFileData('text')).toBeNull();
  });
});
