import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsBlocks } from '../../scripts/check-readme.mjs';
import { greet } from '../../examples/one-shot';
import { writeThenShout } from '../../examples/pipeline';
import { streamFrames } from '../../examples/realtime';
import { firstValueFrom } from 'rxjs';
import { predict$ } from '../../lib/index';
import { failure } from '../support/failure';
import { appUrl, gradioMajor } from '../support/fixtures';

describe('examples', () => {
  it('one-shot.ts greets through a real app', async () => {
    expect(await greet(appUrl('predict_app'), 'Eve')).toBe('Hello, Eve!');
  });

  it('pipeline.ts streams a generator with progress into a second app', async () => {
    const lines: string[] = [];
    const shouted = await writeThenShout(appUrl('jobs_app'), appUrl('blocks_app'), 5, (line) =>
      lines.push(line),
    );
    expect(shouted).toBe('0 1 2 3 4');
    expect(lines).toContain('writer: processing');
    expect(lines).toContain('writer: "0 1 2"');
    expect(lines.at(-1)).toBe('shouter: "0 1 2 3 4"');
  });

  it('realtime.ts streams generated frames into the demo app and prints each result', async () => {
    const lines: string[] = [];
    const run = streamFrames(appUrl('demo_app'), 10, (line) => lines.push(line));
    if (gradioMajor() < 5) {
      // Gradio 4 has no stream routes: the Observable is refused before anything is sent.
      expect(await failure(run)).toMatchObject({ code: 'INVALID_ARGUMENTS' });
      return;
    }
    const results = await run;
    expect(results[0]).toBe('16x16, mean brightness 0.0');
    // The last frame is always processed (latest-wins drops only frames that waited).
    expect(results.at(-1)).toBe('16x16, mean brightness 255.0');
    // At most one result per frame; Gradio 5 reruns the last frame once when the stream closes.
    expect(results.length).toBeLessThanOrEqual(gradioMajor() === 5 ? 11 : 10);
    expect(lines.at(-1)).toBe('stream closed');
  });

  it("README's first example runs as written against the demo app (its URL put in)", () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const [first] = tsBlocks(readme);
    const code = first?.code ?? '';
    expect(code).toContain("'http://127.0.0.1:7860'");
    // The two changes: the fixture servers' demo app, and the sources in place of the package.
    const runnable = code
      .replace("'http://127.0.0.1:7860'", `'${appUrl('demo_app')}'`)
      .replace("from 'gradio-rx'", `from '${join(process.cwd(), 'lib', 'index.ts')}'`);
    // Inside the repository, so the snippet's imports (rxjs) resolve as they do for a user.
    const dir = mkdtempSync(join(process.cwd(), '.readme-run-'));
    try {
      writeFileSync(join(dir, 'first-example.mts'), runnable);
      const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
      const run = spawnSync(tsx, [join(dir, 'first-example.mts')], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('Hello, Ada!');
      expect(run.stdout).toContain('/write_story'); // the API text
      expect(lines).toContain('status: pending');
      // gr.Progress as percentages, rising. (Every line sends progress from a timer loop, so the
      // last report before the job ends may be under 100%: seen on 4.44 and 5.50.)
      const percents = lines.flatMap((line) => {
        const match = /^writing: (\d+)%$/.exec(line);
        return match ? [Number(match[1])] : [];
      });
      expect(percents.length).toBeGreaterThan(3);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      // The story, as it grows (12 words), then complete; every subscriber saw the same job.
      expect(lines).toContain('once upon a time a curious fox found a door and walked ');
      expect(lines.at(-2)).toBe('status: complete');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('demo.ts --help prints its usage instead of taking the flag for an app URL', () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const run = (flag: string) =>
      spawnSync(tsx, ['examples/demo.ts', flag], { encoding: 'utf8', timeout: 60_000 });
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run demo/);
    expect(help.stdout).toContain('<owner/space>');
    expect(run('-h').stdout).toBe(help.stdout);
    const bogus = run('--bogus');
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toMatch(/^Unknown option --bogus\./);
    expect(bogus.stdout).toBe('');
  });

  it('demo.ts --serve keeps the demo app running at the URL it prints, until interrupted', async () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, ['examples/demo.ts', '--serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`demo exited (${code}): ${out}`)));
      });
      const [greeting] = await firstValueFrom(predict$(url, '/greet', { name: 'Ada' }));
      expect(greeting).toBe('Hello, Ada!');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      // The app went with it.
      expect(await failure(firstValueFrom(predict$(url, '/greet', { name: 'Ada' })))).toMatchObject(
        { code: 'APP_UNREACHABLE' },
      );
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
