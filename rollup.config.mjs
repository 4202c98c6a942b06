import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

const input = 'lib/index.ts';
const ts = () => typescript({ tsconfig: './tsconfig.build.json' });
const peers = (id) => id === 'rxjs' || id.startsWith('rxjs/');
const deps = (id) =>
  peers(id) ||
  /^(ky|eventsource-parser|commander|cli-progress)(\/|$)/.test(id) ||
  id.startsWith('node:');

// Code that only some apps need (the Space-id path, uploads, downloads and streamed media,
// streaming inputs, duplicating a Space, the login, the reading of a refused request: the parts of
// lib/client/lazy.ts) is loaded with import() on first use: each build keeps those modules in
// chunks of their own, so an app's bundler (or a browser) loads them only when they are used.
// The code the entries share goes to `shared-*` chunks (the entry modules re-export from them).
const chunkName = (dir, ext) => (chunk) =>
  `${dir}/${chunk.isDynamicEntry ? '[name]' : 'shared'}-[hash]${ext}`;
export default [
  {
    // The library (ESM) and the `gradio-rx` command (package.json bin), sharing their chunks.
    input: { index: input, cli: 'lib/cli/bin.ts' },
    external: deps,
    plugins: [ts()],
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].mjs',
      chunkFileNames: chunkName('chunks', '.mjs'),
      banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
    },
  },
  {
    input: { index: input },
    external: deps,
    plugins: [ts()],
    output: {
      dir: 'dist',
      format: 'cjs',
      sourcemap: true,
      exports: 'named',
      interop: 'auto',
      entryFileNames: '[name].cjs',
      chunkFileNames: chunkName('chunks', '.cjs'),
    },
  },
  {
    // For pages without a bundler (an import map names rxjs): ky and eventsource-parser inside.
    input: { 'index.browser.min': input },
    external: (id) => peers(id) || id.startsWith('node:'),
    plugins: [nodeResolve({ browser: true }), ts(), terser()],
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].mjs',
      chunkFileNames: chunkName('browser', '.min.mjs'),
    },
  },
  {
    input,
    external: deps,
    // @internal members (the HTTP layer, sessions) stay out of the public types, so the typings never
    // mention ky (ESM-only), which a CommonJS consumer with moduleResolution node16 could not import.
    plugins: [dts({ compilerOptions: { stripInternal: true } })],
    output: [{ file: 'dist/index.d.ts' }, { file: 'dist/index.d.cts' }],
  },
];
