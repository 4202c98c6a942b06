import type { GradioConfig } from '../../lib/types/config';

/** A Gradio 6-shaped config: a state-carrying endpoint, a private one, a JS-only one. */
export function sampleConfig(overrides: Partial<GradioConfig> = {}): GradioConfig {
  return {
    version: '6.31.0',
    protocol: 'sse_v3',
    api_prefix: '/gradio_api',
    root: 'http://127.0.0.1:7860/app',
    enable_queue: true,
    components: [
      { id: 1, type: 'textbox', props: { label: 'Name' } },
      { id: 2, type: 'state', props: {}, skip_api: true },
      { id: 3, type: 'textbox', props: { label: 'Out' } },
      { id: 4, type: 'row', props: {}, skip_api: true },
    ],
    dependencies: [
      {
        id: 0,
        api_name: 'greet',
        api_visibility: 'public',
        inputs: [1, 2],
        outputs: [3, 2],
        queue: null,
        types: { generator: true },
      },
      { id: 1, api_name: 'hidden', api_visibility: 'private', inputs: [1], outputs: [3] },
      { id: 2, api_name: 'js_fn', backend_fn: false, inputs: [1], outputs: [3] },
      {
        id: 3,
        api_name: 'fast',
        api_visibility: 'undocumented',
        inputs: [1],
        outputs: [3],
        queue: false,
      },
    ],
    ...overrides,
  };
}
