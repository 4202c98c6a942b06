import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, of } from 'rxjs';
import { lazy$, loadPart } from '../../lib/client/lazy';
import { isGradioError } from '../../lib/index';

describe('parts of gradio-rx loaded on first use', () => {
  it('a part that does not load is a typed CONNECTION_LOST naming it; the next use tries again', async () => {
    const cause = new TypeError('Failed to fetch dynamically imported module');
    const error = await loadPart('a missing part', () => Promise.reject(cause)).catch(
      (e: unknown) => e,
    );
    expect(isGradioError(error, 'CONNECTION_LOST')).toBe(true);
    expect((error as Error).message).toContain('gradio-rx code for a missing part');
    expect((error as Error).cause).toBe(cause);
    expect(await loadPart('a missing part', () => Promise.resolve({ back: true }))).toEqual({
      back: true,
    });
  });

  it('concurrent first uses of a part share one import', async () => {
    let imports = 0;
    const load = () => {
      imports++;
      return Promise.resolve({ ok: true });
    };
    const [a, b] = await Promise.all([
      loadPart('a shared part', load),
      loadPart('a shared part', load),
    ]);
    expect(a).toBe(b);
    expect(imports).toBe(1);
  });

  it('lazy$ loads at subscription, not before, and builds the stream from the module', async () => {
    let loads = 0;
    const value$ = lazy$(
      'a test part',
      () => {
        loads++;
        return Promise.resolve({ make: (n: number) => of(n * 2) });
      },
      ({ make }) => make(21),
    );
    expect(loads).toBe(0);
    expect(await firstValueFrom(value$)).toBe(42);
    expect(loads).toBe(1);
  });

  it('the real chunks load (uploads, downloads, streamed media, streaming inputs, Spaces, login)', async () => {
    // One after another: jest's ESM loader trips over concurrent imports sharing modules.
    const loaders: Array<[string, () => Promise<object>]> = [
      ['uploads', () => import('../../lib/client/upload-files')],
      ['downloads', () => import('../../lib/client/download')],
      ['streamed media', () => import('../../lib/client/media-stream')],
      ['streaming inputs', () => import('../../lib/client/stream-job')],
      ['Spaces', () => import('../../lib/client/open-space')],
      ['the login', () => import('../../lib/client/login-route')],
      ['duplicating Spaces', () => import('../../lib/client/ensure-copy')],
    ];
    const parts: object[] = [];
    for (const [part, load] of loaders) parts.push(await loadPart(part, load));
    expect(parts.map((part) => Object.keys(part).length > 0)).toEqual(parts.map(() => true));
  });
});
