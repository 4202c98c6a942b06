/**
 * Run as a child process by the files spec: uploads one large file from disk (handleFile(path))
 * to the probe endpoint while sampling this process's RSS, then prints one JSON line with the
 * baseline, the peak, the app's hash of what it received, and the upload progress seen.
 */
import { firstValueFrom, lastValueFrom, tap } from 'rxjs';
import { connect$, handleFile, onlyClient } from '../../lib/index';

const [url, path] = process.argv.slice(2) as [string, string];
const client = await firstValueFrom(connect$(url).pipe(onlyClient()));
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
let lastLoaded = 0;
let result: unknown;
let progressEvents = 0;
const started = Date.now();
await lastValueFrom(
  client.submit$('/probe', [handleFile(path)]).pipe(
    tap((event) => {
      if (event.type === 'upload') {
        progressEvents++;
        lastLoaded = event.loaded;
      }
      if (event.type === 'data') result = event.data;
    }),
  ),
);
const seconds = (Date.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await client.close();
console.log(JSON.stringify({ baseline, peak, seconds, lastLoaded, progressEvents, result }));
