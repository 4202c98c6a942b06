import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { rollup } from 'rollup';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { repoRoot } from '../../scripts/gradio-server';
import { appUrl } from '../support/fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Bundles the library and rxjs into one ES module, as a browser app would. */
async function buildBundle(): Promise<string> {
  const bundle = await rollup({
    input: join(repoRoot, 'spec/browser/entry.ts'),
    external: (id) => id.startsWith('node:'),
    plugins: [
      nodeResolve({ browser: true }),
      typescript({
        tsconfig: join(repoRoot, 'tsconfig.build.json'),
        include: ['lib/**/*.ts', 'spec/browser/entry.ts'],
        outDir: undefined,
        sourceMap: false,
      }),
    ],
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

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No Chromium at ${CHROMIUM}: run "npm run bootstrap" as root (it installs Debian's chromium) or set CHROMIUM_PATH.`,
      );
    }
    const code = await buildBundle();
    const page = readFileSync(join(repoRoot, 'examples/browser/index.html'));
    server = createServer((req, res) => {
      if (req.url === '/bundle.mjs') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(code);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page);
      }
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
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pageUrl);
    await page.waitForFunction(
      () => (window as unknown as { pageReady?: boolean }).pageReady === true,
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
    await page.close();
  }, 60_000);
});
