import { describe, expect, it } from '@jest/globals';
import { pageDependencies, pagesOf, splitPageUrl } from '../../lib/protocol/app-pages';
import type { GradioConfig } from '../../lib/types/config';

const config = (extra: Record<string, unknown>): GradioConfig =>
  ({ components: [], dependencies: [], ...extra }) as GradioConfig;

describe('app pages', () => {
  it("reads the config's pages and each page's dependencies", () => {
    const c = config({
      pages: [['', 'Home', true], ['second', 'Second page', false], 'junk'],
      page: { '': { dependencies: [0, 2] }, second: { dependencies: [1, 'x'] } },
    });
    expect(pagesOf(c)).toEqual([
      { path: '', name: 'Home', showInNavbar: true },
      { path: 'second', name: 'Second page', showInNavbar: false },
    ]);
    expect(pageDependencies(c, 'second')).toEqual(new Set([1]));
    expect(pageDependencies(c, 'third')).toBeNull();
    expect(pagesOf(config({}))).toEqual([]);
    expect(pageDependencies(config({}), '')).toBeNull();
  });

  it('splits a page URL into the app root and the page', () => {
    expect(splitPageUrl('http://h:1/app/second')).toEqual({
      root: 'http://h:1/app',
      page: 'second',
    });
    expect(splitPageUrl('http://h:1/second')).toEqual({ root: 'http://h:1', page: 'second' });
    expect(splitPageUrl('http://h:1/a%20b')).toEqual({ root: 'http://h:1', page: 'a b' });
    expect(splitPageUrl('http://h:1')).toBeNull();
  });
});
