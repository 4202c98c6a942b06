import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Route } from 'playwright-core';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { repoRoot } from '../../scripts/gradio-server';
import { appUrl } from '../support/fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VERSION = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version;
const CDN = 'https://cdn.jsdelivr.net/npm';

/** Files by path: what the CDN would serve under a package's folder. */
type Files = Map<string, string>;

/** What the page loads at start: the entry and the chunks it imports statically. */
let initialFiles: string[] = [];

/** The package's browser build (rollup.config.mjs, its browser entry), entry and chunks, in memory. */
async function browserBuild(): Promise<Files> {
  const configs = (
    (await import(join(repoRoot, 'rollup.config.mjs'))) as { default: RollupOptions[] }
  ).default;
  const config = configs.find(
    (c) => typeof c.input === 'object' && c.input !== null && 'index.browser.min' in c.input,
  ) as RollupOptions;
  const bundle = await rollup({ ...config, onwarn: () => undefined });
  const { output } = await bundle.generate({
    ...(config.output as OutputOptions),
    sourcemap: false,
  });
  await bundle.close();
  const entry = output.find((file) => file.type === 'chunk' && file.isEntry);
  // (Its imports name rxjs too, which the import map gives.)
  const built = new Set(output.map((file) => file.fileName));
  initialFiles =
    entry && entry.type === 'chunk'
      ? [entry.fileName, ...entry.imports.filter((file) => built.has(file))]
      : [];
  return new Map(
    output.map((file) => [`dist/${file.fileName}`, file.type === 'chunk' ? file.code : '']),
  );
}

/** rxjs as one ES module, as jsDelivr's `+esm` serves it. */
async function rxjsModule(): Promise<string> {
  const bundle = await rollup({
    input: 'rxjs',
    plugins: [nodeResolve({ browser: true, exportConditions: ['es2015'] })],
    onwarn: () => undefined,
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return output[0].code;
}

describe('gradio-rx in a real browser (Debian Chromium, headless)', () => {
  let server: Server;
  let pageUrl = '';
  let browser: Browser;
  let build: Files = new Map();
  let rxjs = '';
  /** The CDN paths the page fetched, in order. */
  const fetched: string[] = [];

  /** Answers the CDN's URLs of the page's import map with this repository's build. */
  const cdn = async (route: Route): Promise<void> => {
    const path = route
      .request()
      .url()
      .slice(CDN.length + 1);
    fetched.push(path);
    const own = `gradio-rx@${VERSION}/`;
    const body =
      path === 'rxjs@7.8.2/+esm'
        ? rxjs
        : path.startsWith(own)
          ? build.get(path.slice(own.length))
          : undefined;
    if (body === undefined) return route.fulfill({ status: 404, body: 'not on this CDN' });
    return route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      headers: { 'access-control-allow-origin': '*' },
      body,
    });
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No Chromium at ${CHROMIUM}: run "npm run bootstrap" as root (it installs Debian's chromium) or set CHROMIUM_PATH.`,
      );
    }
    [build, rxjs] = await Promise.all([browserBuild(), rxjsModule()]);
    const page = readFileSync(join(repoRoot, 'examples/browser/index.html'));
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    pageUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    // Playwright gives each launch a fresh temporary profile.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  it('connects, predicts, streams a generator, cancels on the server and uploads a Blob', async () => {
    const page = await browser.newPage();
    await page.route(`${CDN}/**`, cdn);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pageUrl);
    await page.waitForFunction(
      () => (window as unknown as { pageReady?: boolean }).pageReady === true,
    );
    // The page names this version, and loads what the entry needs at start: no code for uploads.
    expect([...fetched].sort()).toEqual(
      [
        'rxjs@7.8.2/+esm',
        ...initialFiles.map((file) => `gradio-rx@${VERSION}/dist/${file}`),
      ].sort(),
    );
    expect(initialFiles.some((file) => file.includes('upload-files'))).toBe(false);
    // Nor the status table of refused requests, which is a chunk of its own.
    expect(initialFiles.some((file) => file.includes('http-failures'))).toBe(false);
    expect([...build.keys()].some((file) => /\/http-failures-[\w-]+\.min\.mjs$/.test(file))).toBe(
      true,
    );
    const results = (await page.evaluate(
      (urls) =>
        (
          window as unknown as { runBrowserChecks: (u: unknown) => Promise<unknown> }
        ).runBrowserChecks(urls),
      { jobsUrl: appUrl('jobs_app'), filesUrl: appUrl('files_app') },
    )) as {
      apiHasEcho: boolean;
      echo: string[];
      generator: string[];
      cancelTaken: string[];
      cancelStatus: { closed: boolean; iterations: number };
      upload: {
        uploads: number[];
        described: { size: number; sha256: string; name: string };
        expectedSha: string;
      };
    };
    expect(errors).toEqual([]);
    expect(results.apiHasEcho).toBe(true);
    expect(results.echo).toEqual(['from the browser']);
    expect(results.generator).toEqual(['0 ', '0 1 ', '0 1 2 ', '0 1 2 3 ', '0 1 2 3 4 ']);
    expect(results.cancelTaken).toHaveLength(3);
    expect(results.cancelStatus).toMatchObject({ closed: true });
    expect(results.upload.described).toEqual({
      name: 'page.bin',
      size: 300_000,
      sha256: results.upload.expectedSha,
    });
    expect(results.upload.uploads[0]).toBe(0);
    expect(results.upload.uploads.at(-1)).toBe(300_000);
    // The upload code came when the page first uploaded a file, from next to the entry.
    expect(
      fetched
        .slice(2)
        .some((path) =>
          /^gradio-rx@[^/]+\/dist\/browser\/upload-files-[\w-]+\.min\.mjs$/.test(path),
        ),
    ).toBe(true);
    await page.close();
  }, 60_000);
});
