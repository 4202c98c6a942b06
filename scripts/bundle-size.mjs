#!/usr/bin/env node
// Measures the browser bundle: minified and min+gzip (level 9) sizes of dist/index.browser.min.mjs
// (rxjs external), and of a bundle that also includes the rxjs code gradio-rx uses (tree-shaken).
// Prints a Markdown table, or JSON with --json. Needs `npm run build` first.
import { readFileSync } from 'node:fs';
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

export async function measureBundles() {
  const own = sizes(readFileSync(resolve(root, 'dist/index.browser.min.mjs')));
  const bundle = await rollup({
    input: resolve(root, 'dist/index.browser.min.mjs'),
    external: (id) => id.startsWith('node:'),
    plugins: [nodeResolve({ browser: true }), terser()],
    onwarn: () => undefined,
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const withRxjs = sizes(output[0].code);
  return { own, withRxjs };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { own, withRxjs } = await measureBundles();
  if (process.argv.includes('--json')) console.log(JSON.stringify({ own, withRxjs }));
  else {
    console.log('| browser bundle | min | min + gzip |');
    console.log('| --- | --- | --- |');
    console.log(
      `| gradio-rx (ky, eventsource-parser included; rxjs external) | ${kb(own.min)} | ${kb(own.gzip)} |`,
    );
    console.log(
      `| gradio-rx + the rxjs operators it uses | ${kb(withRxjs.min)} | ${kb(withRxjs.gzip)} |`,
    );
  }
}
