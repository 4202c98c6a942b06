#!/usr/bin/env node
// Measures the browser bundle: minified and min+gzip (level 9) sizes of dist/index.browser.min.mjs
// (rxjs external), of a bundle that also includes the rxjs code gradio-rx uses (tree-shaken), and of
// what a typical app imports.
// Prints a Markdown table, or JSON with --json. Needs `npm run build` first.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sizes = (code) => ({
  min: Buffer.byteLength(code),
  gzip: gzipSync(code, { level: 9 }).byteLength,
});

/** Bundles `code` (an entry module) with its dependencies, minified, as a browser app would. */
export async function bundleSize(code, { resolveDir = root } = {}) {
  const entry = resolve(resolveDir, `.bundle-entry-${process.pid}.mjs`);
  writeFileSync(entry, code);
  try {
    const bundle = await rollup({
      input: entry,
      external: (id) => id.startsWith('node:'),
      // es2015: the modern rxjs build, which Angular CLI and other current bundlers pick.
      plugins: [nodeResolve({ browser: true, exportConditions: ['es2015'] }), terser()],
      onwarn: () => undefined,
    });
    // One chunk: dynamic imports inlined, so every byte the app would load is counted.
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
    await bundle.close();
    return sizes(output[0].code);
  } finally {
    rmSync(entry, { force: true });
  }
}

const BUILD = './dist/index.browser.min.mjs';

export async function measureBundles() {
  const own = sizes(readFileSync(resolve(root, BUILD)));
  const withRxjs = await bundleSize(`export * from '${BUILD}';`);
  // What a typical app imports: connect, call (submit$/predict$ are client methods), files, one operator.
  const typical = await bundleSize(`export { connect$, handleFile, onlyData } from '${BUILD}';`);
  return { own, withRxjs, typical };
}

const OFFICIAL = './node_modules/@gradio/client/dist/browser.js';

/** The official client's browser build, whole and as a typical app imports it. */
export async function measureOfficial() {
  return {
    whole: await bundleSize(`export * from '${OFFICIAL}';`),
    typical: await bundleSize(`export { Client, handle_file } from '${OFFICIAL}';`),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { own, withRxjs, typical } = await measureBundles();
  const official = await measureOfficial();
  if (process.argv.includes('--json'))
    console.log(JSON.stringify({ own, withRxjs, typical, official }));
  else {
    console.log('| browser bundle | min | min + gzip |');
    console.log('| --- | --- | --- |');
    console.log(
      `| gradio-rx (ky, eventsource-parser included; rxjs external) | ${kb(own.min)} | ${kb(own.gzip)} |`,
    );
    console.log(
      `| gradio-rx + the rxjs operators it uses | ${kb(withRxjs.min)} | ${kb(withRxjs.gzip)} |`,
    );
    console.log(
      `| a typical app's import (\`connect$\`, \`handleFile\`, \`onlyData\`), with rxjs | ${kb(typical.min)} | ${kb(typical.gzip)} |`,
    );
    console.log(
      `| @gradio/client (dev dependency), whole browser build | ${kb(official.whole.min)} | ${kb(official.whole.gzip)} |`,
    );
    console.log(
      `| @gradio/client, a typical app's import (\`Client\`, \`handle_file\`) | ${kb(official.typical.min)} | ${kb(official.typical.gzip)} |`,
    );
  }
}
