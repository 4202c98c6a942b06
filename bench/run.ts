/**
 * `npm run bench [-- --quick] [-- --readme]`: starts the bench Gradio app and measures, in the same
 * run and against the same server, gradio-rx, the official @gradio/client, the Python gradio_client
 * (same venv) and a raw-HTTP floor. Writes bench/results/latest.json and prints a Markdown table;
 * --readme also replaces the table in README.md.
 */
import { Client } from '@gradio/client';
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  openSync,
  closeSync,
  writeSync,
  readFileSync,
  writeFileSync,
  mkdtempSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { firstValueFrom, lastValueFrom, Subject, tap, toArray } from 'rxjs';
import { connect$, onlyClient, type FileData, type GradioClient } from '../lib/index';
import { grayFrame } from '../examples/realtime';
import {
  pythonPath,
  repoRoot,
  startGradioServer,
  stopGradioServer,
} from '../scripts/gradio-server';
import { measureBundles, measureOfficial } from '../scripts/bundle-size.mjs';
import { floor } from './floor';

const run = promisify(execFile);
const quick = process.argv.includes('--quick');
const P = quick
  ? {
      rounds: 1,
      sequential: 100,
      concurrent: 100,
      stream: 1000,
      chunks: 200,
      chunkRounds: 1,
      memorySmall: 100,
      memoryLarge: 1000,
      uploadMb: 20,
    }
  : {
      rounds: 3,
      sequential: 1000,
      concurrent: 1000,
      stream: 10_000,
      chunks: 1000,
      // Short rounds whose rate drifts with the machine: more of them, each in a rotated order.
      chunkRounds: 9,
      memorySmall: 100,
      memoryLarge: 10_000,
      uploadMb: 200,
    };

/** The Python client is ~10× slower per call; in the full run it gets one round of the long scenarios. */
const PYTHON_ROUNDS = 1;
/** ...and at most this many sequential calls (about 160 ms each: 1,000 would take 3 minutes). */
const PYTHON_SEQUENTIAL = 300;

type Name = 'gradio-rx' | '@gradio/client' | 'gradio_client (Python)' | 'raw HTTP floor';
const NAMES: Name[] = ['gradio-rx', '@gradio/client', 'gradio_client (Python)', 'raw HTTP floor'];
type Row = {
  scenario: string;
  metric: string;
  better: 'lower' | 'higher';
  values: Partial<Record<Name, number[]>>;
};
const rows: Row[] = [];
const row = (scenario: string, metric: string, better: Row['better']): Row => {
  const r: Row = { scenario, metric, better, values: {} };
  rows.push(r);
  return r;
};
const add = (r: Row, name: Name, value: number) => (r.values[name] ??= []).push(value);
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function pythonRaw(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(pythonPath(), [join(repoRoot, 'bench/python_client.py'), ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
}

/** Failures of the Python client, listed under the table (the official Python client is a peer we
 * measure, not part of our product: its failure skips its cell instead of ending the run). */
const pythonFailures: string[] = [];

async function python(args: string[]): Promise<Record<string, unknown> | null> {
  try {
    return await pythonRaw(args);
  } catch (error) {
    const lines = String((error as Error).message)
      .trim()
      .split('\n');
    pythonFailures.push(`${args[0]}: ${lines.at(-1) ?? 'failed'}`);
    log(`gradio_client failed in ${args[0]}: ${lines.at(-1) ?? ''}`);
    return null;
  }
}

async function jsChild(args: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(repoRoot, 'bench/js-child.ts'), ...args],
    {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, number>;
}

async function requestsSeen(origin: string): Promise<number> {
  return ((await (await fetch(`${origin}/__stats/requests`)).json()) as { requests: number })
    .requests;
}

/** A frame uploaded once, as the FileData every streaming-input client sends with each chunk. */
async function uploadedFrame(url: string): Promise<FileData> {
  const form = new FormData();
  form.append('files', new Blob([grayFrame(128)]), 'frame.bmp');
  const response = await fetch(`${url}/gradio_api/upload`, { method: 'POST', body: form });
  const [path] = (await response.json()) as [string];
  return { path, orig_name: 'frame.bmp', meta: { _type: 'gradio.FileData' } } as FileData;
}

/** gradio-rx: the sequence numbers as an Observable input, the next one emitted on each result. */
function rxChunks(rx: GradioClient, n: number, frame: FileData): Promise<number[]> {
  const seq$ = new Subject<number>();
  const latencies: number[] = [];
  let sentAt = performance.now();
  const done = lastValueFrom(
    rx.predict$<[number]>('/tick', [frame, seq$], { chunks: 'all' }).pipe(
      tap(([seq]) => {
        if (seq !== latencies.length) return;
        latencies.push(performance.now() - sentAt);
        sentAt = performance.now();
        if (latencies.length < n) seq$.next(latencies.length);
        else seq$.complete();
      }),
    ),
  ).then(() => latencies);
  seq$.next(0);
  return done;
}

/** @gradio/client: submit, then send_chunk on each result and close_stream after the last. */
async function officialChunks(
  official: Client,
  fnIndex: number,
  n: number,
  frame: FileData,
): Promise<number[]> {
  const latencies: number[] = [];
  let sentAt = performance.now();
  const job = official.submit('/tick', [frame, 0]);
  for await (const message of job) {
    if (message.type !== 'data') continue;
    const seq = Number((message.data as unknown[])[0]);
    if (seq !== latencies.length) continue;
    latencies.push(performance.now() - sentAt);
    sentAt = performance.now();
    if (latencies.length < n)
      job.send_chunk({ data: [frame, latencies.length], fn_index: fnIndex, event_data: null });
    else {
      job.close_stream();
      break;
    }
  }
  return latencies;
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`gradio-rx bench (${quick ? 'quick' : 'full'}): starting the bench app...`);
  const server = await startGradioServer({
    name: 'bench',
    mounts: { bench_app: '/' },
    appsDirs: ['bench/apps'],
  });
  const url = server.apps.bench_app as string;
  try {
    const rx: GradioClient = await firstValueFrom(connect$(url).pipe(onlyClient()));
    const official = await Client.connect(url);
    const fn = {
      echo: rx.endpoint('/echo').fnIndex,
      stream: rx.endpoint('/stream').fnIndex,
      tick: rx.endpoint('/tick').fnIndex,
    };
    const raw = floor(url, fn);

    // 1. Connect: time and HTTP requests until a client is ready.
    const connectMs = row('Connect', 'time to a ready client (ms)', 'lower');
    const connectRequests = row('Connect', 'HTTP requests', 'lower');
    for (let round = 0; round < P.rounds; round++) {
      for (const name of NAMES) {
        const before = await requestsSeen(server.origin);
        const t0 = performance.now();
        if (name === 'gradio-rx')
          await (await firstValueFrom(connect$(url).pipe(onlyClient()))).close();
        else if (name === '@gradio/client') (await Client.connect(url)).close();
        else if (name === 'raw HTTP floor') await raw.connect();
        if (name === 'gradio_client (Python)') {
          const out = await python(['connect', url]);
          if (!out) continue;
          add(connectMs, name, out.ms as number);
        } else add(connectMs, name, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
        add(connectRequests, name, (await requestsSeen(server.origin)) - before);
      }
    }
    log('connect done');

    // 2. Sequential one-shots.
    const p50 = row(`${P.sequential} sequential predictions`, 'latency p50 (ms)', 'lower');
    const p99 = row(`${P.sequential} sequential predictions`, 'latency p99 (ms)', 'lower');
    for (let round = 0; round < P.rounds; round++) {
      for (const name of NAMES) {
        let latencies: number[] = [];
        if (name === 'gradio_client (Python)') {
          if (round >= PYTHON_ROUNDS) continue;
          const out = await python([
            'sequential',
            url,
            String(Math.min(P.sequential, PYTHON_SEQUENTIAL)),
          ]);
          if (!out) continue;
          latencies = out.latencies as number[];
        } else
          for (let i = 0; i < P.sequential; i++) {
            const t0 = performance.now();
            const out =
              name === 'gradio-rx'
                ? (await firstValueFrom(rx.predict$('/echo', [`s${i}`])))[0]
                : name === '@gradio/client'
                  ? ((await official.predict('/echo', [`s${i}`])).data as unknown[])[0]
                  : await raw.predict(`s${i}`);
            latencies.push(performance.now() - t0);
            if (out !== `s${i}`) throw new Error(`${name}: wrong result ${String(out)}`);
          }
        add(p50, name, percentile(latencies, 0.5));
        add(p99, name, percentile(latencies, 0.99));
      }
    }
    log('sequential done');

    // 3. Concurrency: N jobs in flight on one client.
    const concurrent = row(`${P.concurrent} concurrent jobs`, 'total time (ms)', 'lower');
    for (let round = 0; round < P.rounds; round++) {
      for (const name of NAMES) {
        const inputs = Array.from({ length: P.concurrent }, (_, i) => `c${i}`);
        const t0 = performance.now();
        let results: unknown[];
        if (name === 'gradio_client (Python)') {
          if (round >= PYTHON_ROUNDS) continue;
          const out = await python(['concurrent', url, String(P.concurrent)]);
          if (!out) continue;
          if (!out.ok) throw new Error('python concurrent results wrong');
          add(concurrent, name, out.ms as number);
          continue;
        } else if (name === 'gradio-rx')
          results = await Promise.all(
            inputs.map(async (t) => (await firstValueFrom(rx.predict$('/echo', [t])))[0]),
          );
        else if (name === '@gradio/client')
          results = await Promise.all(
            inputs.map(async (t) => ((await official.predict('/echo', [t])).data as unknown[])[0]),
          );
        else results = await raw.concurrent(inputs);
        add(concurrent, name, performance.now() - t0);
        if (results.some((r, i) => r !== inputs[i]))
          throw new Error(`${name}: concurrent results wrong`);
      }
    }
    log('concurrent done');

    // 4. Streaming: one generator with many growing-text updates.
    const rate = row(`Generator, ${P.stream} updates`, 'updates received per second', 'higher');
    const cpu = row(`Generator, ${P.stream} updates`, 'client CPU time (s)', 'lower');
    const expectedTail = `${P.stream - 1} `;
    for (let round = 0; round < P.rounds; round++) {
      for (const name of NAMES) {
        if (name === 'gradio_client (Python)') {
          if (round >= PYTHON_ROUNDS) continue;
          const out = await python(['stream', url, String(P.stream)]);
          if (!out) continue;
          if (!out.ok) throw new Error('python stream wrong');
          add(rate, name, (out.updates as number) / (out.seconds as number));
          add(cpu, name, out.cpu as number);
          continue;
        }
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        let updates = 0;
        let last = '';
        if (name === 'gradio-rx') {
          const values = await lastValueFrom(
            rx.predict$<[string]>('/stream', [P.stream]).pipe(toArray()),
          );
          updates = values.length;
          last = values.at(-1)?.[0] ?? '';
        } else if (name === '@gradio/client') {
          for await (const message of official.submit('/stream', [P.stream])) {
            if (message.type === 'data') {
              updates++;
              last = (message.data as string[])[0] as string;
            }
          }
        } else ({ updates, last } = await raw.stream(P.stream));
        const seconds = (performance.now() - t0) / 1000;
        const used = process.cpuUsage(cpu0);
        if (!last.endsWith(expectedTail)) throw new Error(`${name}: stream ended wrong`);
        add(rate, name, updates / seconds);
        add(cpu, name, (used.user + used.system) / 1e6);
      }
    }
    log('streaming done');

    // 5. Streaming input: a .stream() job fed chunk after chunk, each sent when the previous
    // result came (the pace a realtime app gets); every client sends the same uploaded frame.
    const frame = await uploadedFrame(url);
    const chunkRate = row(
      `Streaming input, ${P.chunks} chunks`,
      'chunks processed per second',
      'higher',
    );
    const chunk50 = row(
      `Streaming input, ${P.chunks} chunks`,
      'chunk round trip p50 (ms)',
      'lower',
    );
    const chunk99 = row(
      `Streaming input, ${P.chunks} chunks`,
      'chunk round trip p99 (ms)',
      'lower',
    );
    const chunkCpu = row(
      `Streaming input, ${P.chunks} chunks`,
      'client CPU per chunk (ms)',
      'lower',
    );
    const chunkClients = ['gradio-rx', '@gradio/client', 'raw HTTP floor'] as const;
    for (let round = 0; round < P.chunkRounds; round++) {
      for (let k = 0; k < chunkClients.length; k++) {
        const name = chunkClients[(round + k) % chunkClients.length]!;
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        const latencies =
          name === 'gradio-rx'
            ? await rxChunks(rx, P.chunks, frame)
            : name === '@gradio/client'
              ? await officialChunks(official, fn.tick, P.chunks, frame)
              : await raw.chunks(P.chunks, frame);
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        if (latencies.length !== P.chunks)
          throw new Error(`${name}: ${latencies.length} of ${P.chunks} chunks answered`);
        add(chunkRate, name, P.chunks / seconds);
        add(chunk50, name, percentile(latencies, 0.5));
        add(chunk99, name, percentile(latencies, 0.99));
        add(chunkCpu, name, (cpu.user + cpu.system) / 1000 / P.chunks);
      }
    }
    log('streaming input done');
    await rx.close();
    official.close();

    // 6. Memory: heap and RSS after many sequential predictions vs after a few (child processes).
    const heap = row(
      `Memory, ${P.memorySmall} vs ${P.memoryLarge} predictions`,
      'heap growth (MB)',
      'lower',
    );
    const rss = row(
      `Memory, ${P.memorySmall} vs ${P.memoryLarge} predictions`,
      'RSS growth (MB)',
      'lower',
    );
    // Both children at once: this scenario measures memory, not latency, and runs 2 × 10,000 calls.
    const names = ['gradio-rx', '@gradio/client'] as const;
    const outs = await Promise.all(
      names.map((name) =>
        jsChild([name, 'memory', url, String(P.memorySmall), String(P.memoryLarge)]),
      ),
    );
    names.forEach((name, i) => {
      const out = outs[i] as Record<string, number>;
      add(heap, name, (out.heapLargeMb as number) - (out.heapSmallMb as number));
      add(rss, name, (out.rssLargeMb as number) - (out.rssSmallMb as number));
    });
    log('memory done');

    // 7. Upload: one large file, throughput and peak RSS above baseline (child processes).
    const dir = mkdtempSync(join(tmpdir(), 'gradio-rx-bench-'));
    const path = join(dir, 'upload.bin');
    const fd = openSync(path, 'w');
    const chunk = Buffer.alloc(1024 * 1024, 7);
    for (let i = 0; i < P.uploadMb; i++) writeSync(fd, chunk);
    closeSync(fd);
    const throughput = row(`Upload, ${P.uploadMb} MB`, 'throughput (MB/s)', 'higher');
    const peak = row(`Upload, ${P.uploadMb} MB`, 'peak RSS above baseline (MB)', 'lower');
    for (const name of ['gradio-rx', '@gradio/client', 'gradio_client (Python)'] as const) {
      const out =
        name === 'gradio_client (Python)'
          ? await python(['upload', url, path])
          : await jsChild([name, 'upload', url, path]);
      if (!out) continue;
      if (Number(out.size) !== P.uploadMb * 1024 * 1024)
        throw new Error(`${name}: upload size wrong (${String(out.size)})`);
      add(throughput, name, P.uploadMb / (out.seconds as number));
      add(peak, name, out.peakAboveBaselineMb as number);
    }
    log('upload done');

    // 8. Bundle: min+gzip of what loads at start (chunks loaded on first use left out) vs
    // @gradio/client's (all of it loads at start), both tree-shaken; ours with rxjs and without.
    const bundle = row(
      'Browser bundle, whole library, with rxjs',
      'initial min + gzip (KB)',
      'lower',
    );
    const typicalBundle = row(
      "Browser bundle, a typical app's import, with rxjs",
      'initial min + gzip (KB)',
      'lower',
    );
    const typicalOwn = row(
      "Browser bundle, a typical app's import, rxjs external",
      'initial min + gzip (KB)',
      'lower',
    );
    const ours = await measureBundles();
    const theirs = await measureOfficial();
    add(bundle, 'gradio-rx', ours.wholeWithRxjs.initial.gzip / 1024);
    add(bundle, '@gradio/client', theirs.whole.gzip / 1024);
    add(typicalBundle, 'gradio-rx', ours.typicalWithRxjs.initial.gzip / 1024);
    add(typicalBundle, '@gradio/client', theirs.typical.gzip / 1024);
    add(typicalOwn, 'gradio-rx', ours.typical.initial.gzip / 1024);
    add(typicalOwn, '@gradio/client', theirs.typical.gzip / 1024);
  } finally {
    await stopGradioServer(server);
  }
  report((Date.now() - started) / 1000);
}

function report(seconds: number): void {
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const cell = (xs: number[] | undefined) => {
    if (!xs?.length) return '–';
    const m = median(xs);
    if (xs.length === 1) return fmt(m);
    const spread = m === 0 ? 0 : ((Math.max(...xs) - Math.min(...xs)) / Math.abs(m)) * 100;
    return `${fmt(m)} ±${spread.toFixed(0)}%`;
  };
  // Ratio < 1 means gradio-rx is better, whatever the metric's direction.
  const ratio = (r: Row, other: number | undefined) => {
    const ours = r.values['gradio-rx'];
    if (!ours?.length || other === undefined) return '–';
    const value = r.better === 'lower' ? median(ours) / other : other / median(ours);
    return Number.isFinite(value) ? value.toFixed(2) : '–';
  };
  const lines = [
    `| scenario | metric | gradio-rx | @gradio/client | gradio_client (Python) | raw HTTP floor | gradio-rx / best peer | gradio-rx / floor |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...rows.map((r) => {
      const peers = (['@gradio/client', 'gradio_client (Python)'] as const)
        .map((n) => r.values[n])
        .filter((x): x is number[] => !!x?.length)
        .map(median);
      const best = peers.length
        ? r.better === 'lower'
          ? Math.min(...peers)
          : Math.max(...peers)
        : undefined;
      const floorValue = r.values['raw HTTP floor']?.length
        ? median(r.values['raw HTTP floor'])
        : undefined;
      return `| ${r.scenario} | ${r.metric} | ${NAMES.map((n) => cell(r.values[n])).join(' | ')} | ${ratio(r, best)} | ${ratio(r, floorValue)} |`;
    }),
  ];
  const meta = `${quick ? 'Quick' : 'Full'} run, ${P.rounds} round(s) (streaming input: ${P.chunkRounds}, in rotated order; gradio_client: ${Math.min(P.rounds, PYTHON_ROUNDS)}, and ${Math.min(P.sequential, PYTHON_SEQUENTIAL)} sequential calls), median ±spread (max−min)/median; ratios < 1 mean gradio-rx is better (lower time, or higher throughput). Whole run: ${seconds.toFixed(0)} s on this machine (${process.platform}, Node ${process.versions.node}).`;
  const failures = pythonFailures.length
    ? `\ngradio_client (Python) failed and has no figure in: ${pythonFailures.join('; ')}.\n`
    : '';
  const table = `${lines.join('\n')}\n\n${meta}\n${failures}`;
  mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
  writeFileSync(
    join(repoRoot, 'bench/results/latest.json'),
    JSON.stringify({ quick, params: P, seconds, rows }, null, 2),
  );
  writeFileSync(join(repoRoot, 'bench/results/latest.md'), table);
  process.stdout.write(table);
  if (process.argv.includes('--readme')) {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const updated = readme.replace(
      /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
      `<!-- bench:start -->\n${table}<!-- bench:end -->`,
    );
    writeFileSync(join(repoRoot, 'README.md'), updated);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
