import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { connect$, onlyClient } from '../../lib/index';
import { repoRoot } from '../../scripts/gradio-server';
import { appUrl } from '../support/fixtures';
import { loopStopped } from '../support/loops';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When each stdout line arrived (ms after start). */
  lineTimes: number[];
  exitTime: number;
}

const dir = mkdtempSync(join(tmpdir(), 'gradio-rx-cli-'));

function cli(
  args: string[],
  onLine?: (line: string, child: ReturnType<typeof spawn>) => void,
): Promise<Run> {
  const started = Date.now();
  const child = spawn(
    join(repoRoot, 'node_modules/.bin/tsx'),
    [join(repoRoot, 'lib/cli/bin.ts'), ...args],
    {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const run: Run = { code: null, stdout: '', stderr: '', lineTimes: [], exitTime: 0 };
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    run.stdout += text;
    for (const line of text.split('\n').slice(0, -1)) {
      run.lineTimes.push(Date.now() - started);
      onLine?.(line, child);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      run.code = code;
      run.exitTime = Date.now() - started;
      resolve(run);
    }),
  );
}

const lines = (run: Run) => run.stdout.split('\n').slice(0, -1);

describe('gradio-rx command line (real apps, child processes)', () => {
  it('view-api prints the readable API, or JSON', async () => {
    const text = await cli(['view-api', appUrl('blocks_app')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("client.predict$('/add', { a: 3, b: 2 })");
    const json = await cli(['view-api', appUrl('blocks_app'), '--json', '--all']);
    expect(Object.keys(JSON.parse(json.stdout).namedEndpoints)).toEqual([
      '/add',
      '/upper',
      '/describe',
      '/undocumented',
    ]);
  });

  it('predict takes --param (JSON or text) and --data, by name or fn index', async () => {
    const named = await cli([
      'predict',
      appUrl('blocks_app'),
      '/describe',
      '--param',
      'name=Ada',
      '--param',
      'times=2',
    ]);
    expect([named.code, named.stdout]).toEqual([0, 'Hello, Ada! Hello, Ada!\n']);
    const data = await cli([
      'predict',
      appUrl('blocks_app'),
      '/add',
      '--data',
      '[40, 2]',
      '--json',
    ]);
    expect([data.code, data.stdout]).toEqual([0, '[42]\n']);
    const byIndex = await cli(['predict', appUrl('blocks_app'), '1', '--data', '["abc"]']);
    expect(byIndex.stdout).toBe('ABC\n');
  });

  it('streams generator outputs one line per update, as they come', async () => {
    const run = await cli([
      'predict',
      appUrl('jobs_app'),
      '/count',
      '--param',
      'n=4',
      '--param',
      'delay=0.3',
    ]);
    expect(lines(run)).toEqual(['0', '0 1', '0 1 2', '0 1 2 3'].map((l) => `${l} `));
    expect(run.lineTimes[0]).toBeLessThan(run.exitTime - 600);
  });

  it('uploads files given as @path', async () => {
    const bytes = randomBytes(50_000);
    const path = join(dir, 'upload.bin');
    writeFileSync(path, bytes);
    const run = await cli([
      'predict',
      appUrl('files_app'),
      '/probe',
      '--param',
      `file_path=@${path}`,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        name: 'upload.bin',
        size: 50_000,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
    ]);
  });

  it('Ctrl-C cancels the job on the server and exits 130', async () => {
    const token = `cli-${Date.now()}`;
    let interrupted = false;
    const run = await cli(
      ['predict', appUrl('jobs_app'), '/loop', '--param', `token=${token}`],
      (_line, child) => {
        if (!interrupted) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    );
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Cancelling the job on the server');
    const client = await firstValueFrom(connect$(appUrl('jobs_app')).pipe(onlyClient()));
    expect(await loopStopped(client, token)).toBe(true);
    await client.close();
  });

  it('exits 2 on bad input, 3 when the app cannot be reached, 1 when the app fails; logs go to stderr', async () => {
    const unknown = await cli(['predict', appUrl('blocks_app'), '/nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/UNKNOWN_ENDPOINT: .*"\/add"/);
    const badParam = await cli(['predict', appUrl('blocks_app'), '/add', '--param', 'c=1']);
    expect([badParam.code, badParam.stderr]).toEqual([
      2,
      expect.stringMatching(/no parameter "c"/),
    ]);
    const down = await cli(['predict', 'http://127.0.0.1:9', '/x']);
    expect([down.code, down.stderr]).toEqual([3, expect.stringMatching(/APP_UNREACHABLE/)]);
    const failing = await cli(['predict', appUrl('jobs_app'), '/fail', '--param', 'text=x']);
    expect([failing.code, failing.stderr]).toEqual([
      1,
      expect.stringMatching(/APP_ERROR: .*bad input: x/),
    ]);
    const logs = await cli(['predict', appUrl('jobs_app'), '/logs', '--param', 'text=y']);
    expect(logs.stdout).toBe('y\n');
    expect(logs.stderr).toContain('[warning] warning: y');
  });

  it('types writes a TypeScript module', async () => {
    const out = join(dir, 'blocks.gradio.ts');
    const run = await cli(['types', appUrl('blocks_app'), '-o', out, '--name', 'BlocksApi']);
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('export type BlocksApi = {');
  });
});
