import { describe, expect, it } from '@jest/globals';
import { greet } from '../../examples/one-shot';
import { writeThenShout } from '../../examples/pipeline';
import { appUrl } from '../support/fixtures';

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
});
