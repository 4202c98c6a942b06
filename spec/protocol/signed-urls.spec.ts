import { describe, expect, it } from '@jest/globals';
import { isSignable, signFileUrls, signUrl } from '../../lib/protocol/signed-urls';

const api = 'https://owner-space.hf.space/gradio_api';
const file = (url: string) => ({ path: 'p', url, meta: { _type: 'gradio.FileData' as const } });

describe('signed URLs (__sign)', () => {
  it("signs the app's own file and stream routes only", () => {
    expect(isSignable(`${api}/file=/tmp/a.png`, api)).toBe(true);
    expect(isSignable(`${api}/stream/s/r/3/playlist.m3u8`, api)).toBe(true);
    expect(isSignable(`${api}/proxy=https://x/y`, api)).toBe(true);
    // Other hosts, other schemes or ports, and other routes never get the signature.
    expect(isSignable('https://elsewhere.example/gradio_api/file=/a', api)).toBe(false);
    expect(isSignable('http://owner-space.hf.space/gradio_api/file=/a', api)).toBe(false);
    expect(isSignable('https://owner-space.hf.space/other/file=/a', api)).toBe(false);
    expect(isSignable('https://owner-space.hf.space/gradio_api/upload', api)).toBe(false);
    expect(isSignable('not a url', api)).toBe(false);
  });

  it('adds the signature to the query, keeping what is there', () => {
    expect(signUrl(`${api}/file=/a.png?x=1`, 'j.w.t')).toBe(`${api}/file=/a.png?x=1&__sign=j.w.t`);
  });

  it('signs nested file references in output data and leaves the rest alone', () => {
    const data = [
      file(`${api}/file=/a.png`),
      { video: file(`${api}/file=/v.mp4`), other: file('https://cdn.example/c.png') },
      'text',
    ];
    const signed = signFileUrls(data, api, 'sig');
    expect(signed[0]).toMatchObject({ url: `${api}/file=/a.png?__sign=sig` });
    expect(signed[1]).toMatchObject({
      video: { url: `${api}/file=/v.mp4?__sign=sig` },
      other: { url: 'https://cdn.example/c.png' },
    });
    expect(signed[2]).toBe('text');
    expect(data[0]).toMatchObject({ url: `${api}/file=/a.png` }); // not changed in place
  });
});
