import { describe, expect, it } from '@jest/globals';
import { buildEndpoints } from '../../lib/protocol/build-endpoints';
import { resolveEndpoint } from '../../lib/protocol/resolve-endpoint';
import { sampleConfig } from './config-fixtures';

const endpoints = buildEndpoints(sampleConfig(), null);

describe('resolveEndpoint', () => {
  it.each(['/greet', 'greet', ' /greet ', 0])('finds %p', (ref) => {
    expect(resolveEndpoint(endpoints, ref)).toMatchObject({ ok: true, value: { fnIndex: 0 } });
  });

  it('names the callable endpoints when the name is unknown', () => {
    const result = resolveEndpoint(endpoints, '/nope');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_ENDPOINT', endpoint: '/nope' },
    });
    if (!result.ok) expect(result.error.message).toContain('Callable endpoints: "/greet", "/fast"');
  });

  it.each([2, 99, -1, 1.5])('refuses fn index %p (JS-only, absent or invalid)', (ref) => {
    expect(resolveEndpoint(endpoints, ref)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_ENDPOINT' },
    });
  });

  it('refuses private endpoints by name and index', () => {
    expect(resolveEndpoint(endpoints, '/hidden')).toMatchObject({
      ok: false,
      error: { code: 'PRIVATE_ENDPOINT' },
    });
    expect(resolveEndpoint(endpoints, 1)).toMatchObject({
      ok: false,
      error: { code: 'PRIVATE_ENDPOINT' },
    });
  });
});
