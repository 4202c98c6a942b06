import { describe, expect, it } from '@jest/globals';
import { apiPrefixOf, appRootOf, parseConfig } from '../../lib/protocol/parse-config';
import { sampleConfig } from './config-fixtures';

const URL_ = 'http://127.0.0.1:7860/app/config';

describe('parseConfig', () => {
  it('accepts a Gradio 6 config', () => {
    const result = parseConfig(sampleConfig(), URL_);
    expect(result.ok).toBe(true);
  });

  it.each(['sse_v1', 'sse_v2', 'sse_v2.1', 'sse_v3'])('accepts protocol %s', (protocol) => {
    expect(parseConfig(sampleConfig({ protocol }), URL_).ok).toBe(true);
  });

  it.each([
    [{ protocol: 'ws', version: '3.50.2' }, 'ws'],
    [{ protocol: undefined, version: '3.0' }, 'ws'],
    [{ protocol: 'sse', version: '4.8.0' }, 'sse'],
  ])('refuses %o as UNSUPPORTED_PROTOCOL', (overrides, protocol) => {
    const result = parseConfig({ ...sampleConfig(), ...overrides }, URL_);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_PROTOCOL', protocol } });
  });

  it.each([
    null,
    42,
    'text',
    [],
    { protocol: 'sse_v3' },
    { protocol: 'sse_v3', components: [], dependencies: [{}] },
  ])('refuses malformed body %p as BAD_CONFIG', (body) => {
    expect(parseConfig(body, URL_)).toMatchObject({
      ok: false,
      error: { code: 'BAD_CONFIG', url: URL_ },
    });
  });
});

describe('apiPrefixOf', () => {
  it('is empty on 4.x and normalised otherwise', () => {
    expect(apiPrefixOf(sampleConfig({ api_prefix: undefined }))).toBe('');
    expect(apiPrefixOf(sampleConfig({ api_prefix: '/gradio_api/' }))).toBe('/gradio_api');
    expect(apiPrefixOf(sampleConfig({ api_prefix: 'gradio_api' }))).toBe('/gradio_api');
  });
});

describe('appRootOf', () => {
  it('uses the server root on the same origin', () => {
    expect(
      appRootOf(sampleConfig({ root: 'http://127.0.0.1:7860/app/' }), 'http://127.0.0.1:7860/app'),
    ).toBe('http://127.0.0.1:7860/app');
  });

  it('keeps the connected URL when the root names another origin or is missing', () => {
    expect(
      appRootOf(sampleConfig({ root: 'http://evil.example/app' }), 'http://127.0.0.1:7860/app'),
    ).toBe('http://127.0.0.1:7860/app');
    expect(appRootOf(sampleConfig({ root: undefined }), 'http://127.0.0.1:7860/app')).toBe(
      'http://127.0.0.1:7860/app',
    );
  });
});
