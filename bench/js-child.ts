/**
 * Memory scenarios run in a child process each, so one client's heap does not colour another's:
 *   tsx bench/js-child.ts <client> upload <url> <path>
 *   tsx bench/js-child.ts <client> memory <url> <small> <large>
 * Prints one JSON line.
 */
import { Client, handle_file } from '@gradio/client';
import { firstValueFrom } from 'rxjs';
import { connect$, handleFile, onlyClient } from '../lib/index';

const [which, scenario, url, a, b] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string?,
];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (n: number) => n / 1024 / 1024;

async function makeCaller(): Promise<{
  echo: (t: string) => Promise<unknown>;
  upload: (p: string) => Promise<unknown>;
  close: () => Promise<void>;
}> {
  if (which === 'gradio-rx') {
    const client = await firstValueFrom(connect$(url).pipe(onlyClient()));
    return {
      echo: async (t) => (await firstValueFrom(client.predict$('/echo', [t])))[0],
      upload: async (p) => (await firstValueFrom(client.predict$('/probe', [handleFile(p)])))[0],
      close: () => client.close(),
    };
  }
  const app = await Client.connect(url);
  return {
    echo: async (t) => ((await app.predict('/echo', [t])).data as unknown[])[0],
    upload: async (p) => ((await app.predict('/probe', [handle_file(p)])).data as unknown[])[0],
    close: async () => app.close(),
  };
}

const caller = await makeCaller();
if (scenario === 'upload') {
  gc();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  const size = await caller.upload(a);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ seconds, peakAboveBaselineMb: mb(peak - baseline), size }));
} else {
  const small = Number(a);
  const large = Number(b);
  // A few calls in flight at a time: this scenario measures what each call leaves behind, not
  // latency, and 10,000 strictly sequential calls would take most of the bench's time budget.
  const IN_FLIGHT = 8;
  const calls = async (from: number, to: number) => {
    let next = from;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < to) await caller.echo(`m${next++}`);
      }),
    );
  };
  await calls(0, small);
  gc();
  const after = { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss };
  await calls(small, large);
  gc();
  const end = { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss };
  console.log(
    JSON.stringify({
      heapSmallMb: mb(after.heap),
      heapLargeMb: mb(end.heap),
      rssSmallMb: mb(after.rss),
      rssLargeMb: mb(end.rss),
    }),
  );
}
await caller.close();
process.exit(0);
