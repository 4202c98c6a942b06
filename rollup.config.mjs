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

export default [
  {
    input,
    external: deps,
    plugins: [ts()],
    output: [
      { file: 'dist/index.mjs', format: 'es', sourcemap: true },
      { file: 'dist/index.cjs', format: 'cjs', sourcemap: true, exports: 'named', interop: 'auto' },
    ],
  },
  {
    // The `gradio-rx` command (package.json bin).
    input: 'lib/cli/bin.ts',
    external: deps,
    plugins: [ts()],
    output: { file: 'dist/cli.mjs', format: 'es', banner: '#!/usr/bin/env node' },
  },
  {
    input,
    external: (id) => peers(id) || id.startsWith('node:'),
    plugins: [nodeResolve({ browser: true }), ts(), terser()],
    output: { file: 'dist/index.browser.min.mjs', format: 'es', sourcemap: true },
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
