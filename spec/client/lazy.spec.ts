import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, of } from 'rxjs';
import * as parts from '../../lib/client/lazy';
import { lazy$, LOGIN } from '../../lib/client/lazy';

describe('parts of gradio-rx loaded on first use', () => {
  it('lazy$ builds its stream from the part it names', async () => {
    expect(await firstValueFrom(lazy$(LOGIN, ({ login }) => of(typeof login)))).toBe('function');
  });

  it('every part loads (uploads, downloads, streamed media, streaming inputs, Spaces, duplicating, login, refusals)', async () => {
    // One after another: jest's ESM loader trips over concurrent imports sharing modules.
    const every: Array<parts.Part<object>> = [
      parts.UPLOADS,
      parts.DOWNLOADS,
      parts.STREAMED_MEDIA,
      parts.STREAMING_INPUTS,
      parts.SPACES,
      parts.DUPLICATING,
      parts.LOGIN,
      parts.FAILURES,
    ];
    // Every part lazy.ts defines is in that list.
    const defined = Object.entries(parts).filter(
      ([name, value]) => typeof value === 'function' && /^[A-Z_]+$/.test(name),
    );
    expect(defined).toHaveLength(every.length);
    const modules: object[] = [];
    for (const part of every) modules.push(await part());
    expect(modules.map((module) => Object.keys(module).length > 0)).toEqual(every.map(() => true));
  });
});
