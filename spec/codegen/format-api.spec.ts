import { describe, expect, it } from '@jest/globals';
import { buildApiView } from '../../lib/protocol/api-view';
import { buildEndpoints } from '../../lib/protocol/build-endpoints';
import { formatApi } from '../../lib/codegen/format-api';
import { sampleConfig } from '../protocol/config-fixtures';

describe('formatApi', () => {
  const endpoints = buildEndpoints(sampleConfig(), null);

  it('shows a pasteable call, parameters and returns for each visible endpoint', () => {
    const text = formatApi(buildApiView('http://h/app', '6.31.0', endpoints));
    expect(text).toBe(
      [
        'API of http://h/app (Gradio 6.31.0): 1 endpoint',
        '',
        '/greet  (generator: one data event per update)',
        "  client.predict$('/greet', { name: null })",
        '  Parameters:',
        '    name: unknown  (Textbox, required)',
        '  Returns, in order:',
        '    [0] Out: unknown  (Textbox)',
        '',
      ].join('\n'),
    );
  });

  it('includes undocumented endpoints only on request, marked as such', () => {
    const text = formatApi(buildApiView('http://h/app', '6.31.0', endpoints, { all: true }));
    expect(text).toContain('/fast  (undocumented)');
    expect(text).not.toContain('/hidden');
  });
});
