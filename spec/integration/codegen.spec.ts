import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { connect$, generateTypes, onlyClient, type ConnectOptions } from '../../lib/index';
import { repoRoot } from '../../scripts/gradio-server';
import { appUrl, gradioMajor } from '../support/fixtures';

const APPS: [string, ConnectOptions?][] = [
  ['predict_app'],
  ['blocks_app'],
  ['auth_app', { auth: ['ada', 'lovelace'] }],
  ['jobs_app'],
  ['queue_app'],
  ['full_app'],
  ['state_app'],
  ['creds_app'],
  ['files_app'],
  ['limited_app'],
  ['stream_app'],
];

/** Stream endpoints (Gradio 5+) take Observables for their streaming parameters only. */
const STREAM_USAGE = `
import type { Api as Live } from './stream_app.gradio';
const live = client.typed<Live>();
declare const frames$: Observable<FileInput>;
declare const tags$: Observable<string>;
live.predict$('/flip', [handleFile('frame.bmp'), 't', 0]);
${gradioMajor() >= 5 ? '' : '// @ts-expect-error Gradio 4 has no stream endpoints\n'}live.predict$('/flip', { image: frames$, tag: 't', delay: 0 });
// @ts-expect-error tag does not stream
live.predict$('/flip', { image: handleFile('frame.bmp'), tag: tags$, delay: 0 });
`;

const USAGE = `import type { Observable } from 'rxjs';
import { handleFile, type FileData, type FileInput, type GradioClient } from 'gradio-rx';
import type { Api as Blocks } from './blocks_app.gradio';
import type { Api as Files } from './files_app.gradio';
import type { Api as State } from './state_app.gradio';

declare const client: GradioClient;
const blocks = client.typed<Blocks>();
export const sum: Observable<[number]> = blocks.predict$('/add', { a: 1, b: 2 });
blocks.predict$('/add', [1]);
blocks.predict$('/add', { a: 1 });
blocks.predict$('/describe', { name: 'x', punctuation: '?' });
blocks.predict$('/describe', ['x', undefined, 3]);
blocks.submit$('/upper', { text: 'a' }).subscribe((e) => { if (e.type === 'data') e.data[0].toUpperCase(); });
// @ts-expect-error no such parameter
blocks.predict$('/add', { a: 1, c: 2 });
// @ts-expect-error a is a number
blocks.predict$('/add', { a: 'one' });
// @ts-expect-error a is required
blocks.predict$('/add', { b: 2 });
// @ts-expect-error not one of the dropdown's choices
blocks.predict$('/describe', { name: 'x', punctuation: ';' });
// @ts-expect-error no such endpoint
blocks.predict$('/nope', []);
// @ts-expect-error the private endpoint is not part of the API
blocks.predict$('/secret', ['x']);
// @ts-expect-error the output is a number, not a string
export const wrong: Observable<[string]> = blocks.predict$('/add', [1]);

const files = client.typed<Files>();
export const flipped: Observable<[FileData, unknown]> = files.predict$('/flip', [handleFile('cat.png')]);
files.predict$('/many', [[handleFile('a'), handleFile(new Blob([]))]]);
// @ts-expect-error a file parameter takes handleFile(...) or a FileData, not a bare string
files.predict$('/probe', ['cat.png']);

const state = client.typed<State>();
export const count: Observable<[number]> = state.predict$('/increment', []);
// @ts-expect-error state is hidden: /increment takes no parameters
state.predict$('/increment', [1]);

// Untyped use keeps working.
client.predict$('/anything', [1, 2, 3]);
`;

describe('gradio-rx types (codegen against every fixture app)', () => {
  it('generates modules that compile, and mistyped calls fail to compile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradio-rx-types-'));
    for (const [module, options] of APPS) {
      const client = await firstValueFrom(connect$(appUrl(module), options).pipe(onlyClient()));
      writeFileSync(
        join(dir, `${module}.gradio.ts`),
        generateTypes(client.viewApi(), { source: module }),
      );
      await client.close();
    }
    writeFileSync(join(dir, 'usage.ts'), USAGE + STREAM_USAGE);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM'],
          types: ['node'],
          skipLibCheck: true,
          baseUrl: '.',
          paths: {
            'gradio-rx': [join(repoRoot, 'lib/index.ts')],
            rxjs: [join(repoRoot, 'node_modules/rxjs')],
          },
          typeRoots: [join(repoRoot, 'node_modules/@types')],
        },
        include: ['*.ts'],
      }),
    );
    let output = '';
    try {
      await promisify(execFile)(
        process.execPath,
        [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir],
        { encoding: 'utf8' },
      );
    } catch (error) {
      output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    }
    expect(output).toBe('');
  }, 60_000);

  it('describes parameters, defaults, choices and files', async () => {
    const blocks = await firstValueFrom(connect$(appUrl('blocks_app')).pipe(onlyClient()));
    const text = generateTypes(blocks.viewApi(), { source: 'blocks' });
    expect(text).toContain('export type Api = {');
    expect(text).toContain('"/add": {');
    expect(text).toMatch(/b\?: number;/);
    expect(text).toContain('punctuation?: "!" | "?" | "."');
    expect(text).toContain('positional: [a: number, b?: number];');
    expect(text).toContain('returns: [sum: number];');
    expect(text).not.toContain('/secret');
    await blocks.close();
    const files = await firstValueFrom(connect$(appUrl('files_app')).pipe(onlyClient()));
    const fileTypes = generateTypes(files.viewApi());
    expect(fileTypes).toContain('image_path: FileInput | FileData');
    expect(fileTypes).toMatch(/returns: \[flipped: FileData, info: unknown\]/);
    await files.close();
  });
});
