import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, tap, toArray } from 'rxjs';
import {
  connect$,
  handleFile,
  isFileData,
  isGradioError,
  onlyClient,
  type ConnectOptions,
  type FileData,
  type GradioClient,
  type SubmitEvent,
  type UploadEvent,
} from '../../lib/index';
import { repoRoot } from '../../scripts/gradio-server';
import { apiPrefix, appUrl, uploadStats, uploadTag } from '../support/fixtures';
import { recordingFetch } from '../support/recording-fetch';
import { failure } from '../support/failure';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAGElEQVR4nGP4z8DA8J+BgeE/I5eIHAQAADEzA++e06gjAAAAAElFTkSuQmCC',
  'base64',
);
const dir = mkdtempSync(join(tmpdir(), 'gradio-rx-files-spec-'));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const connect = (module: string, options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl(module), options).pipe(onlyClient()));
interface Described {
  name: string;
  size: number;
  sha256: string;
}

function writeTemp(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function downloadBytes(client: GradioClient, file: FileData): Promise<Uint8Array> {
  const done = await lastValueFrom(client.download$(file));
  if (done.type !== 'done') throw new Error('no download');
  return done.data;
}

const uploadsSeen = async (module: string, tag: string): Promise<number> =>
  (await uploadStats(module, tag)).opened;

describe('file inputs and outputs (real Gradio file components)', () => {
  const sources = {
    path: () => handleFile(writeTemp('pixel.png', PNG)),
    Buffer: () => handleFile(Buffer.from(PNG), { name: 'pixel.png' }),
    Blob: () => handleFile(new Blob([PNG], { type: 'image/png' }), { name: 'pixel.png' }),
  };

  it.each(Object.keys(sources) as (keyof typeof sources)[])(
    'image in, image out, from a %s; the output downloads as the exact bytes the app wrote',
    async (kind) => {
      const client = await connect('files_app');
      const [flipped, info] = await firstValueFrom(
        client.predict$<[FileData, Described]>('/flip', [sources[kind]()]),
      );
      expect(isFileData(flipped)).toBe(true);
      expect(flipped.url).toMatch(new RegExp(`^${appUrl('files_app')}${apiPrefix()}/file=`));
      expect(flipped.orig_name).toMatch(/\.png$/);
      const bytes = await downloadBytes(client, flipped);
      expect(bytes.byteLength).toBe(info.size);
      expect(sha(bytes)).toBe(info.sha256);
      expect(Buffer.from(bytes.subarray(1, 4)).toString()).toBe('PNG');
      await client.close();
    },
  );

  it('uploads 1 MB from a path, a Buffer and a Blob byte-exact, with monotonic progress ending at the size', async () => {
    const client = await connect('files_app');
    const bytes = randomBytes(1024 * 1024);
    const inputs = [
      handleFile(writeTemp('random.bin', bytes)),
      handleFile(bytes, { name: 'random.bin' }),
      handleFile(new Blob([bytes]), { name: 'random.bin' }),
    ];
    for (const input of inputs) {
      const uploads: UploadEvent[] = [];
      const events = await lastValueFrom(
        client.submit$<[Described]>('/probe', [input]).pipe(
          tap((e) => e.type === 'upload' && uploads.push(e)),
          toArray(),
        ),
      );
      const data = events.find((e) => e.type === 'data') as Extract<
        SubmitEvent<[Described]>,
        { type: 'data' }
      >;
      expect(data.data[0]).toMatchObject({
        size: bytes.byteLength,
        sha256: sha(bytes),
        name: 'random.bin',
      });
      const loaded = uploads.map((u) => u.loaded);
      expect(loaded[0]).toBe(0);
      expect(loaded.at(-1)).toBe(bytes.byteLength);
      expect(loaded.every((value, i) => i === 0 || value >= (loaded[i - 1] as number))).toBe(true);
      expect(uploads.every((u) => u.total === bytes.byteLength && u.file === 'random.bin')).toBe(
        true,
      );
      const firstStatus = events.findIndex((e) => e.type === 'status');
      expect(events.findLastIndex((e) => e.type === 'upload')).toBeLessThan(firstStatus);
    }
    await client.close();
  });

  it('uploads several files in parallel, at most 4 at a time, keeping their order', async () => {
    const tag = uploadTag();
    const client = await connect('files_app', { headers: { 'x-spec-tag': tag } });
    const files = Array.from({ length: 8 }, (_, i) => randomBytes(4 * 1024 * 1024 + i));
    const before = (await uploadStats('files_app', tag)).opened;
    const [described] = await firstValueFrom(
      client.predict$<[Described[]]>('/many', [
        files.map((bytes, i) => handleFile(bytes, { name: `f${i}.bin` })),
      ]),
    );
    expect(described.map((d) => [d.size, d.sha256])).toEqual(
      files.map((bytes) => [bytes.byteLength, sha(bytes)]),
    );
    const stats = await uploadStats('files_app', tag);
    expect(stats.opened - before).toBe(8);
    expect(stats.max_open).toBeGreaterThan(1);
    expect(stats.max_open).toBeLessThanOrEqual(4);
    await client.close();
  });

  it('finds files nested in a chat-style message', async () => {
    const client = await connect('files_app');
    const a = randomBytes(1000);
    const b = Buffer.from('hello');
    const [result] = await firstValueFrom(
      client.predict$<[{ text: string; files: Described[] }]>('/multimodal', [
        {
          text: 'look',
          files: [handleFile(new Blob([a]), { name: 'a.bin' }), handleFile(writeTemp('b.txt', b))],
        },
      ]),
    );
    expect(result).toEqual({
      text: 'look',
      files: [
        expect.objectContaining({ size: 1000, sha256: sha(a) }),
        expect.objectContaining({ size: 5, sha256: sha(b) }),
      ],
    });
    await client.close();
  });

  it('uploads a URL input when asked to (the client fetches it first)', async () => {
    const { createServer } = await import('node:http');
    const bytes = randomBytes(5000);
    const server = createServer((_req, res) => res.end(bytes));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const remote = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/data.bin`;
    try {
      const client = await connect('files_app');
      const [info] = await firstValueFrom(
        client.predict$<[Described]>('/probe', [handleFile(remote, { upload: true })]),
      );
      expect(info).toMatchObject({ size: 5000, sha256: sha(bytes), name: 'data.bin' });
      await client.close();
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('returns file outputs as FileData with an absolute URL, name, size and type', async () => {
    const client = await connect('files_app');
    const [file, info] = await firstValueFrom(
      client.predict$<[FileData, Described]>('/write_file', ['abc', 3]),
    );
    expect(file).toMatchObject({
      orig_name: expect.stringMatching(/\.txt$/),
      size: 9,
      meta: { _type: 'gradio.FileData' },
    });
    expect(new URL(file.url as string).origin).toBe(new URL(appUrl('files_app')).origin);
    expect(new TextDecoder().decode(await downloadBytes(client, file))).toBe('abcabcabc');
    expect(info.size).toBe(9);
    await client.close();
  });
});

describe('file errors come before any upload', () => {
  it('refuses a file over max_file_size with UPLOAD_TOO_LARGE, and the server sees no upload', async () => {
    const tag = uploadTag();
    const client = await connect('limited_app', { headers: { 'x-spec-tag': tag } });
    expect(client.config.max_file_size).toBe(1024);
    const before = await uploadsSeen('limited_app', tag);
    for (const input of [
      handleFile(randomBytes(2048), { name: 'big.bin' }),
      handleFile(writeTemp('big.bin', randomBytes(4096))),
    ]) {
      const error = await failure(firstValueFrom(client.predict$('/size', [input])));
      expect(error).toMatchObject({
        name: 'FileTooLargeError',
        code: 'UPLOAD_TOO_LARGE',
        maxSize: 1024,
      });
      expect((error as Error).message).toMatch(/big\.bin.*larger than the app accepts/);
    }
    expect(await uploadsSeen('limited_app', tag)).toBe(before);
    expect(await firstValueFrom(client.predict$('/size', [handleFile(randomBytes(500))]))).toEqual([
      500,
    ]);
    expect(await uploadsSeen('limited_app', tag)).toBe(before + 1);
    await client.close();
  });

  it('refuses a missing local path with INVALID_ARGUMENTS and sends nothing', async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect('files_app', { fetch });
    const before = requests.length;
    const error = await failure(
      firstValueFrom(client.predict$('/probe', [handleFile(join(dir, 'does-not-exist.bin'))])),
    );
    expect(isGradioError(error, 'INVALID_ARGUMENTS')).toBe(true);
    expect((error as Error).message).toMatch(/No file at .*does-not-exist\.bin/);
    expect(requests.length).toBe(before);
    await client.close();
  });

  it('unsubscribing during the upload aborts it and never submits the job', async () => {
    const { fetch, requests } = recordingFetch();
    const tag = uploadTag();
    const client = await connect('files_app', { fetch, headers: { 'x-spec-tag': tag } });
    const path = writeTemp('large.bin', randomBytes(64 * 1024 * 1024));
    let sent = 0;
    const subscription = client
      .submit$('/probe', [handleFile(path)])
      .subscribe((event) => event.type === 'upload' && (sent = event.loaded));
    while (sent === 0) await new Promise((r) => setTimeout(r, 5));
    subscription.unsubscribe();
    for (let i = 0; i < 100 && (await uploadStats('files_app', tag)).open !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await uploadStats('files_app', tag)).open).toBe(0);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests.some((r) => r.url.endsWith('/queue/join'))).toBe(false);
    await client.close();
  });
});

describe('large uploads stream from disk', () => {
  it("uploads a 200 MB file with the client's peak RSS under 100 MB above baseline", async () => {
    const path = join(dir, 'huge.bin');
    const handle = await open(path, 'w');
    const chunk = randomBytes(1024 * 1024);
    for (let i = 0; i < 200; i++) await handle.write(chunk);
    await handle.close();
    const expected = await new Promise<string>((resolve) => {
      const hash = createHash('sha256');
      createReadStream(path)
        .on('data', (d) => hash.update(d))
        .on('end', () => resolve(hash.digest('hex')));
    });
    const child = spawn(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(repoRoot, 'spec/support/upload-memory-probe.mts'), appUrl('files_app'), path],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '--expose-gc' },
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, output: output.slice(-400) }).toMatchObject({ code: 0 });
    const report = JSON.parse(output.trim().split('\n').at(-1) as string) as {
      baseline: number;
      peak: number;
      seconds: number;
      lastLoaded: number;
      progressEvents: number;
      result: [Described];
    };
    const aboveBaselineMb = (report.peak - report.baseline) / 1024 / 1024;
    console.log(
      `200 MB upload: ${report.seconds.toFixed(2)} s, peak RSS ${aboveBaselineMb.toFixed(1)} MB above baseline, ${report.progressEvents} progress events`,
    );
    expect(report.result[0]).toMatchObject({ size: 200 * 1024 * 1024, sha256: expected });
    expect(report.lastLoaded).toBe(200 * 1024 * 1024);
    expect(aboveBaselineMb).toBeLessThan(100);
  }, 120_000);
});
