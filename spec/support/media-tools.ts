/**
 * Reads back what the streaming-media fixture (spec/fixtures/apps/media_app.py) made, with the
 * ffmpeg and ffprobe that scripts/bootstrap.mjs put in the venv's media-bin folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pythonPath } from '../../scripts/gradio-server';

const tool = (name: string): string => join(dirname(dirname(pythonPath())), 'media-bin', name);

function run(name: string, args: string[], input?: Uint8Array): Buffer {
  const result = spawnSync(tool(name), args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0)
    throw new Error(
      `${name} failed (${result.error?.message ?? `exit ${result.status}`}): ${String(result.stderr)}; run "npm run bootstrap" to install the media tools`,
    );
  return result.stdout;
}

/**
 * The loudness levels the audio goes through, in order: the RMS of each 100 ms window, rounded
 * to the nearest 1000, kept where it lasts two windows, with repeats and silence dropped. The fixture's chunk n is a square wave of
 * amplitude 1000 * (n + 1), so chunks 0, 1, 2 read back as [1000, 2000, 3000].
 */
export function loudnessLevels(audio: Uint8Array): number[] {
  const pcm = run(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', '8000', 'pipe:1'],
    audio,
  );
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.byteLength / 2));
  const windows: number[] = [];
  for (let start = 0; start + 800 <= samples.length; start += 800) {
    let sum = 0;
    for (let i = start; i < start + 800; i++) sum += (samples[i] as number) ** 2;
    windows.push(Math.round(Math.sqrt(sum / 800) / 1000) * 1000);
  }
  // A level counts when two windows in a row have it: a window across a chunk boundary, or the
  // encoder's ramp at the start of a segment, lasts one window at most.
  const levels: number[] = [];
  windows.forEach((level, i) => {
    if (level > 0 && windows[i + 1] === level && levels.at(-1) !== level) levels.push(level);
  });
  return levels;
}

/** The streams ffprobe finds in a media file: codec type, codec name and duration in seconds. */
export function probeMedia(
  media: Uint8Array,
): Array<{ type: string; codec: string; duration: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gradio-rx-probe-'));
  try {
    const file = join(dir, 'media');
    writeFileSync(file, media);
    const out = run('ffprobe', [
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_streams',
      '-show_format',
      file,
    ]);
    const parsed = JSON.parse(out.toString()) as {
      streams: Array<{ codec_type: string; codec_name: string; duration?: string }>;
      format: { duration?: string };
    };
    return parsed.streams.map((s) => ({
      type: s.codec_type,
      codec: s.codec_name,
      duration: Number(s.duration ?? parsed.format.duration),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
