import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, of } from 'rxjs';
import * as parts from '../../lib/client/lazy';
import { lazy$, LOGIN, loadOnce } from '../../lib/client/lazy';
import { isGradioError } from '../../lib/index';

describe('parts of gradio-rx loaded on first use', () => {
  it('a load that fails is a typed CONNECTION_LOST naming the part; the next use tries again', async () => {
    const cause = new TypeError('Failed to fetch dynamically imported module');
    const error = await loadOnce('a missing part', () => Promise.reject(cause)).catch(
      (e: unknown) => e,
    );
    expect(isGradioError(error, 'CONNECTION_LOST')).toBe(true);
    expect((error as Error).message).toContain('gradio-rx code for a missing part');
    expect((error as Error).cause).toBe(cause);
    expect(await loadOnce('a missing part', () => Promise.resolve({ back: true }))).toEqual({
      back: true,
    });
  });

  it('concurrent first uses share one import', async () => {
    let imports = 0;
    const load = () => {
      imports++;
      return Promise.resolve({ ok: true });
    };
    const [a, b] = await Promise.all([
      loadOnce('a shared part', load),
      loadOnce('a shared part', load),
    ]);
    expect(a).toBe(b);
    expect(imports).toBe(1);
  });

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
