import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { greet } from '../../examples/one-shot';
import { writeThenShout } from '../../examples/pipeline';
import { streamFrames } from '../../examples/realtime';
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
});
