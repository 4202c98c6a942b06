import { GradioError } from '../errors/gradio-error';

/** One media segment of an HLS playlist. */
export interface PlaylistSegment {
  /** The segment's URI as written (relative to the playlist's URL). */
  readonly uri: string;
  /** Its duration in seconds (`#EXTINF`), or null when the playlist gives none. */
  readonly duration: number | null;
  /** Its position in the whole stream: `#EXT-X-MEDIA-SEQUENCE` plus its index in this playlist. */
  readonly sequence: number;
}

/** What a Gradio streaming output's `playlist.m3u8` says, at the moment it was read. */
export interface MediaPlaylist {
  readonly segments: readonly PlaylistSegment[];
  /** `#EXT-X-ENDLIST` was there: no segment will be added. */
  readonly ended: boolean;
  /** `#EXT-X-TARGETDURATION` in seconds (the longest a segment runs), or null. */
  readonly targetDuration: number | null;
}

const numberAfter = (line: string, tag: string): number | null => {
  const value = Number.parseFloat(line.slice(tag.length));
  return Number.isFinite(value) && value >= 0 ? value : null;
};

/**
 * Parses an HLS media playlist as Gradio writes it for a streaming audio or video output (an
 * `EVENT` playlist that grows by one segment per encoded chunk and ends with `#EXT-X-ENDLIST`).
 * Pure; unknown tags and comments are ignored, as HLS requires. A text that is not a playlist is
 * `PROTOCOL_ERROR`.
 *
 * @example
 * ```ts
 * parseMediaPlaylist('#EXTM3U\n#EXTINF:0.5,\na.aac\n#EXT-X-ENDLIST\n');
 * // { segments: [{ uri: 'a.aac', duration: 0.5, sequence: 0 }], ended: true, targetDuration: null }
 * ```
 */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '#EXTM3U')
    throw new GradioError(
      'PROTOCOL_ERROR',
      'The server sent a media playlist that is not an HLS playlist (no #EXTM3U first line).',
    );
  const segments: PlaylistSegment[] = [];
  let firstSequence = 0;
  let duration: number | null = null;
  let ended = false;
  let targetDuration: number | null = null;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#EXTINF:')) duration = numberAfter(line, '#EXTINF:');
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:'))
      firstSequence = numberAfter(line, '#EXT-X-MEDIA-SEQUENCE:') ?? 0;
    else if (line.startsWith('#EXT-X-TARGETDURATION:'))
      targetDuration = numberAfter(line, '#EXT-X-TARGETDURATION:');
    else if (line === '#EXT-X-ENDLIST') ended = true;
    else if (!line.startsWith('#')) {
      segments.push({ uri: line, duration, sequence: firstSequence + segments.length });
      duration = null;
    }
  }
  return { segments, ended, targetDuration };
}
