#!/usr/bin/env node
// Installs the packed tarball into a scratch project and checks that it works as users consume it:
// ESM import, CJS require, and TypeScript type-checks under moduleResolution node16 (ESM and CJS
// files) and bundler, including a call that must NOT compile. Also runs publint and
// are-the-types-wrong, and the installed `gradio-rx` command. Needs `npm run build` first. Node built-ins only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (command, args, cwd, what) => {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    console.error(`[check-package] ${what} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    process.exit(1);
  }
};

run(npm, ['exec', '--', 'publint', '--strict'], root, 'publint');
run(npm, ['exec', '--', 'attw', '--pack', '.'], root, 'are-the-types-wrong');

const scratch = mkdtempSync(join(tmpdir(), 'gradio-rx-consumer-'));
try {
  run(npm, ['pack', '--pack-destination', scratch], root, 'npm pack');
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }),
  );
  run(
    npm,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      `./${tarball}`,
      `rxjs@${process.env.RXJS_VERSION ?? '7.8.2'}`,
    ],
    scratch,
    'installing the tarball',
  );

  writeFileSync(
    join(scratch, 'esm.mjs'),
    `import { connect$, handleFile, predict$, isGradioError, GradioError } from 'gradio-rx';
     import { firstValueFrom } from 'rxjs';
     if (typeof connect$ !== 'function' || typeof predict$ !== 'function') throw new Error('missing exports');
     const error = await firstValueFrom(connect$('not a url')).catch((e) => e);
     if (!isGradioError(error, 'APP_NOT_FOUND') || !(error instanceof GradioError)) throw new Error('bad error: ' + error);
     if (handleFile('https://x/y.png').source.kind !== 'url') throw new Error('handleFile');
     // A Space id loads the hub code on first use (a chunk of the package): it must be there.
     const hub = await firstValueFrom(connect$('owner/space', { hubUrl: 'http://127.0.0.1:9', timeout: 2000 })).catch((e) => e);
     if (!isGradioError(hub)) throw new Error('the Space-id chunk did not load: ' + hub);
     console.log('esm ok');`,
  );
  writeFileSync(
    join(scratch, 'cjs.cjs'),
    `const { connect$, isGradioError } = require('gradio-rx');
     const { firstValueFrom } = require('rxjs');
     firstValueFrom(connect$('not a url')).catch((e) => {
       if (!isGradioError(e, 'APP_NOT_FOUND')) { console.error(e); process.exit(1); }
       // The Space-id path is a chunk loaded on first use: it must be in the package.
       return firstValueFrom(connect$('owner/space', { hubUrl: 'http://127.0.0.1:9', timeout: 2000 })).catch((hub) => {
         if (!isGradioError(hub)) { console.error(hub); process.exit(1); }
         console.log('cjs ok');
       });
     });`,
  );
  const typed = `import { connect$, onlyClient, type SubmitEvent, type GradioClient } from 'gradio-rx';
import { firstValueFrom } from 'rxjs';
export async function use(): Promise<string> {
  const client: GradioClient = await firstValueFrom(connect$('http://127.0.0.1:7860').pipe(onlyClient()));
  client.submit$('/predict', ['x']).subscribe((e: SubmitEvent) => { if (e.type === 'status') e.stage.toUpperCase(); });
  // @ts-expect-error connect options are typed: no such option
  connect$('http://x', { hf_token: 'x' });
  const [out] = await firstValueFrom(client.predict$<[string]>('/predict', { name: 'a' }));
  return out;
}
`;
  writeFileSync(join(scratch, 'typed.mts'), typed);
  writeFileSync(
    join(scratch, 'typed.cts'),
    typed.replace(
      "import { firstValueFrom } from 'rxjs';",
      "import { firstValueFrom } from 'rxjs';\nexport const cjs = true;",
    ),
  );
  writeFileSync(join(scratch, 'typed.ts'), typed);
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const common = [
    '--noEmit',
    '--strict',
    '--target',
    'es2022',
    '--lib',
    'es2022,dom',
    '--types',
    'node',
    '--typeRoots',
    join(root, 'node_modules', '@types'),
  ];
  run(
    process.execPath,
    [
      tsc,
      ...common,
      '--module',
      'node16',
      '--moduleResolution',
      'node16',
      'typed.mts',
      'typed.cts',
    ],
    scratch,
    'TypeScript (node16)',
  );
  run(
    process.execPath,
    [tsc, ...common, '--module', 'esnext', '--moduleResolution', 'bundler', 'typed.ts'],
    scratch,
    'TypeScript (bundler)',
  );
  console.log(run(process.execPath, ['esm.mjs'], scratch, 'ESM import').trim());
  console.log(run(process.execPath, ['cjs.cjs'], scratch, 'CJS require').trim());
  const help = run(
    process.execPath,
    [join(scratch, 'node_modules', 'gradio-rx', 'dist', 'cli.mjs'), '--help'],
    scratch,
    'the gradio-rx command',
  );
  if (!/predict/.test(help) || !/view-api/.test(help) || !/types/.test(help)) {
    console.error(`[check-package] gradio-rx --help lacks commands:\n${help}`);
    process.exit(1);
  }
  const bin = run(
    join(
      scratch,
      'node_modules',
      '.bin',
      process.platform === 'win32' ? 'gradio-rx.cmd' : 'gradio-rx',
    ),
    ['--help'],
    scratch,
    'the gradio-rx bin link',
  );
  if (!bin.includes('predict')) process.exit(1);
  console.log(
    '[check-package] publint, attw, ESM, CJS, TypeScript node16 + bundler, gradio-rx bin: all good',
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
