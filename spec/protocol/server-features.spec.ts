import { describe, expect, it } from '@jest/globals';
import { cancelRemovesQueued, closeEndsStream } from '../../lib/protocol/server-features';

describe('cancelRemovesQueued', () => {
  it.each([
    ['6.31.0', true],
    ['6.14.0', true],
    ['7.0.0', true],
    ['6.14', true],
    ['6.13.2', false],
    ['6.2.0', false],
    ['5.50.0', false],
    ['4.44.1', false],
    ['10.0.0', true],
  ])('%s → %s', (version, expected) => {
    expect(cancelRemovesQueued(version)).toBe(expected);
  });

  it.each([undefined, null, 6, '', 'dev', 'v6.31.0', '6'])(
    'treats an unknown version (%p) as old',
    (version) => {
      expect(cancelRemovesQueued(version)).toBe(false);
    },
  );
});

describe('closeEndsStream', () => {
  it.each([
    ['6.31.0', true],
    ['6.0.0', true],
    ['7.1.0', true],
    ['5.50.0', false],
    ['5.0.0', false],
    ['4.44.1', false],
  ])('%s → %s', (version, expected) => {
    expect(closeEndsStream(version)).toBe(expected);
  });

  it.each([undefined, '', 'dev', '6'])('treats an unknown version (%p) as old', (version) => {
    expect(closeEndsStream(version)).toBe(false);
  });
});
