import { describe, expect, it } from '@jest/globals';
import { handleFile } from '../../lib/files/handle-file';
import { collectFileInputs, replaceFileInputs } from '../../lib/protocol/file-walk';

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
});
