import { describe, expect, it } from '@jest/globals';
import { greet } from '../../examples/one-shot';
import { appUrl } from '../support/fixtures';

describe('examples', () => {
  it('one-shot.ts greets through a real app', async () => {
    expect(await greet(appUrl('predict_app'), 'Eve')).toBe('Hello, Eve!');
  });
});
