import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseMediaPlaylist } from '../../lib/protocol/hls-playlist';

/** A playlist as Gradio 6.31 writes it for a streaming audio output, while the job runs. */
const GROWING = [
  '#EXTM3U',
  '#EXT-X-PLAYLIST-TYPE:EVENT',
  '#EXT-X-TARGETDURATION:1',
  '#EXT-X-VERSION:4',
  '#EXT-X-MEDIA-SEQUENCE:0',
  '#EXT-X-START:TIME-OFFSET=0',
  '#EXTINF:0.128000,',
  '8f855b47-3f2a-488b-a921-50a7c86dc39a.aac',
  '#EXTINF:0.512000,',
  'bf439953-1929-49a3-82b0-3f64a72c351a.aac',
  '',
].join('\n');

describe('parseMediaPlaylist', () => {
  it('reads the segments of a growing playlist in order, with their durations', () => {
    expect(parseMediaPlaylist(GROWING)).toEqual({
      segments: [
        { uri: '8f855b47-3f2a-488b-a921-50a7c86dc39a.aac', duration: 0.128, sequence: 0 },
        { uri: 'bf439953-1929-49a3-82b0-3f64a72c351a.aac', duration: 0.512, sequence: 1 },
      ],
      ended: false,
      targetDuration: 1,
    });
  });

  it('sees the end of the stream', () => {
    expect(parseMediaPlaylist(`${GROWING}#EXT-X-ENDLIST\n`).ended).toBe(true);
  });

  it('numbers segments from the media sequence, and takes CRLF line ends and a BOM', () => {
    const text = '\uFEFF#EXTM3U\r\n#EXT-X-MEDIA-SEQUENCE:7\r\n#EXTINF:1,\r\na.ts\r\nb.ts\r\n';
    expect(parseMediaPlaylist(text).segments).toEqual([
      { uri: 'a.ts', duration: 1, sequence: 7 },
      { uri: 'b.ts', duration: null, sequence: 8 }, // no #EXTINF of its own
    ]);
  });

  it('an empty playlist (nothing encoded yet) has no segments', () => {
    expect(parseMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:8\n')).toEqual({
      segments: [],
      ended: false,
      targetDuration: 8,
    });
  });

  it('a text that is not a playlist is a PROTOCOL_ERROR', () => {
    expect(() => parseMediaPlaylist('{"detail":"Not Found"}')).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_ERROR' }),
    );
  });

  it('any playlist written from segments reads back as those segments', () => {
    const segment = fc.record({
      uri: fc.stringMatching(/^[a-z0-9-]{1,20}\.(aac|ts)$/),
      duration: fc.option(fc.integer({ min: 0, max: 100_000 }).map((ms) => ms / 1000)),
    });
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 30 }),
        fc.nat(1000),
        fc.boolean(),
        (segments, first, ended) => {
          const lines = ['#EXTM3U', `#EXT-X-MEDIA-SEQUENCE:${first}`, '#X-UNKNOWN-TAG:1'];
          for (const s of segments) {
            if (s.duration !== null) lines.push(`#EXTINF:${s.duration},title`);
            lines.push(s.uri);
          }
          if (ended) lines.push('#EXT-X-ENDLIST');
          const parsed = parseMediaPlaylist(lines.join('\n'));
          expect(parsed.ended).toBe(ended);
          expect(parsed.segments).toEqual(
            segments.map((s, i) => ({ uri: s.uri, duration: s.duration, sequence: first + i })),
          );
        },
      ),
    );
  });
});
