import { describe, expect, it } from '@jest/globals';
import { joinUrl, normalizeAppUrl, originOf } from '../../lib/protocol/url';

describe('normalizeAppUrl', () => {
  it.each([
    ['http://127.0.0.1:7860', 'http://127.0.0.1:7860'],
    ['http://127.0.0.1:7860/', 'http://127.0.0.1:7860'],
    ['https://host.example/sub/app//', 'https://host.example/sub/app'],
    ['  https://host.example/app?x=1#top ', 'https://host.example/app'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeAppUrl(input)).toBe(expected);
  });

  it.each(['owner/space', 'ftp://host/app', 'not a url', 'http://user:pw@host/'])(
    'rejects %s',
    (input) => {
      expect(normalizeAppUrl(input)).toBeNull();
    },
  );
});

describe('joinUrl', () => {
  it('joins without doubling or adding slashes', () => {
    expect(joinUrl('http://h/app/', '/config')).toBe('http://h/app/config');
    expect(joinUrl('http://h', 'gradio_api/queue/join')).toBe('http://h/gradio_api/queue/join');
    expect(joinUrl('http://h/app', '')).toBe('http://h/app');
  });
});

describe('originOf', () => {
  it('returns the origin or null', () => {
    expect(originOf('http://127.0.0.1:7860/x/y')).toBe('http://127.0.0.1:7860');
    expect(originOf('nope')).toBeNull();
  });
});
