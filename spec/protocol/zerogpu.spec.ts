import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { zeroGpuFailure } from '../../lib/protocol/zerogpu';

describe('zeroGpuFailure', () => {
  it('recognises each ZeroGPU text, with or without its title', () => {
    const cases: [string, string, string][] = [
      [
        'ZeroGPU quota exceeded',
        'You have exceeded your Pro ZeroGPU quota (60s requested vs. 12s left). Try again in 0:04:13. ',
        'quota',
      ],
      ['ZeroGPU quota exceeded', 'You have exceeded your ZeroGPU runs limit. ', 'quota'],
      ['ZeroGPU quota exceeded', 'Space app has reached its GPU limit. Try re-running', 'quota'],
      ['ZeroGPU pending credits exceeded', 'You have too many ZeroGPU credits allocated', 'quota'],
      ['ZeroGPU quota exceeded', 'No GPU was available after 60s. Try re-running', 'unavailable'],
      ['ZeroGPU client error', 'No GPU was available', 'unavailable'],
      ['ZeroGPU worker error', 'GPU task aborted', 'aborted'],
      [
        'ZeroGPU illegal duration',
        'The requested GPU duration (120s) is larger than the maximum allowed',
        'duration',
      ],
    ];
    for (const [title, message, kind] of cases) {
      expect(zeroGpuFailure(message, title)?.kind).toBe(kind);
      expect(zeroGpuFailure(message, null)?.kind).toBe(kind);
      // Gradio 4 quotes the message (Python repr).
      expect(zeroGpuFailure(`'${message}'`, null)?.kind).toBe(kind);
    }
  });

  it('reads the retry-after of a quota message (a Python timedelta)', () => {
    const quota = (wait: string) =>
      zeroGpuFailure(
        `You have exceeded your free ZeroGPU quota (1s requested vs. 0s left). Try again in ${wait}. `,
        null,
      )?.retryAfter;
    expect(quota('0:04:13')).toBe(253_000);
    expect(quota('0:00:30.500000')).toBe(30_500);
    expect(quota('1 day, 2:00:00')).toBe(26 * 3_600_000);
    expect(quota('2 days, 0:00:01')).toBe(48 * 3_600_000 + 1000);
    expect(
      zeroGpuFailure('You have exceeded your ZeroGPU runs limit. ', null)?.retryAfter,
    ).toBeNull();
  });

  it('any timedelta round-trips to its milliseconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        (d, h, m, sec) => {
          const day = d === 0 ? '' : `${d} day${d === 1 ? '' : 's'}, `;
          const text = `${day}${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
          const got = zeroGpuFailure(
            `You have exceeded your ZeroGPU quota (x). Try again in ${text}.`,
            null,
          );
          expect(got?.retryAfter).toBe((((d * 24 + h) * 60 + m) * 60 + sec) * 1000);
        },
      ),
    );
  });

  it('leaves other errors alone, including look-alikes under another title', () => {
    expect(zeroGpuFailure('GPU task aborted', 'My app')).toBeNull();
    expect(zeroGpuFailure('division by zero', null)).toBeNull();
    expect(zeroGpuFailure('the GPU task aborted early', null)).toBeNull();
    expect(zeroGpuFailure(null, 'ZeroGPU worker error')).toBeNull();
  });
});
