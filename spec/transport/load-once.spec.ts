import { describe, expect, it } from '@jest/globals';
import { isGradioError } from '../../lib/errors/gradio-error';
import { loadOnce } from '../../lib/transport/load-once';

describe('loadOnce (the parts of gradio-rx loaded on first use)', () => {
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
});
