/**
 * Realtime: frames from a generated source streamed into a `.stream()` endpoint, results printed as
 * they arrive. `npx tsx examples/realtime.ts <app-url> [frames]` against the demo app (`npm run
 * demo` prints its URL), whose `/brightness` endpoint says how bright each frame is.
 * Type-checked in CI (`npm run typecheck`).
 */
import { pathToFileURL } from 'node:url';
import { firstValueFrom, interval, lastValueFrom, map, take, tap, toArray } from 'rxjs';
import { connect$, handleFile, isGradioError, onlyClient, onlyData } from '../lib/index';

/** A 16×16 24-bit BMP, all one gray level (0-255): a stand-in for a webcam frame. */
export function grayFrame(level: number): Uint8Array<ArrayBuffer> {
  const side = 16;
  const rowBytes = side * 3; // 48: already a multiple of 4, so rows need no padding
  const bytes = new Uint8Array(54 + rowBytes * side);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]); // "BM"
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true); // where the pixels start
  view.setUint32(14, 40, true); // BITMAPINFOHEADER
  view.setInt32(18, side, true);
  view.setInt32(22, side, true);
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 24, true); // bits per pixel
  bytes.fill(level, 54);
  return bytes;
}

/**
 * Streams `count` frames (one every 50 ms, getting brighter) into `/brightness` and resolves with
 * what the app said about each frame it processed. Frames that come while the app is busy replace
 * each other (the default `chunks: 'latest'`), so a slow app sees fewer, fresher frames.
 */
export async function streamFrames(
  url: string,
  count: number,
  onLine: (line: string) => void = console.log,
): Promise<string[]> {
  const client = await firstValueFrom(connect$(url).pipe(onlyClient()));
  try {
    const frames$ = interval(50).pipe(
      take(count),
      map((i) =>
        handleFile(grayFrame(Math.round((255 * i) / Math.max(1, count - 1))), {
          name: `frame${i}.bmp`,
        }),
      ),
    );
    return await lastValueFrom(
      client.submit$<[string]>('/brightness', { frame: frames$ }).pipe(
        tap((event) => {
          if (event.type === 'status' && event.streamEnd) onLine(`stream ${event.streamEnd}`);
        }),
        onlyData(),
        map(([line]) => line),
        tap(onLine),
        toArray(),
      ),
    );
  } finally {
    await client.close();
  }
}

const [url, frames = '20'] = process.argv.slice(2);
const runAsScript =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runAsScript && url) {
  streamFrames(url, Number(frames)).catch((error: unknown) => {
    console.error(isGradioError(error) ? `${error.code}: ${error.message}` : error);
    process.exit(1);
  });
}
