import { describe, expect, it } from '@jest/globals';
import { buildEndpoints } from '../../lib/protocol/build-endpoints';
import { decodeQueueMessage, type QueueMessage } from '../../lib/protocol/queue-message';
import { initialJobState, reduceJobMessage } from '../../lib/protocol/job-reducer';
import { parseRenderConfig, renderedApi, renderedNames } from '../../lib/protocol/render-config';
import type { GradioConfig, GradioDependencyConfig, RenderConfig } from '../../lib/types/config';

/** An app like spec/fixtures/apps/render_app.py: a count input, a render function, its column. */
const app = (renderDep: Partial<GradioDependencyConfig>): GradioConfig => ({
  version: '6.31.0',
  components: [
    { id: 1, type: 'number', props: { label: 'count' } },
    { id: 2, type: 'column', props: {} },
  ],
  dependencies: [
    { id: 0, api_name: 'apply', inputs: [1], outputs: [2], ...renderDep },
    { id: 1, api_name: 'set_count', inputs: [1], outputs: [1] },
  ],
});

const rendered = (renderId: number, names: string[], firstId = 10): RenderConfig => ({
  renderId,
  layout: null,
  components: names.map((name, i) => ({
    id: 100 + firstId + i,
    type: 'textbox',
    props: { label: `${name} in` },
  })),
  dependencies: names.map((name, i) => ({
    id: firstId + i,
    api_name: name,
    inputs: [100 + firstId + i, 1],
    outputs: [100 + firstId + i],
    rendered_in: renderId,
  })),
});

describe('parseRenderConfig', () => {
  it('reads the render id, components and listeners', () => {
    const parsed = parseRenderConfig({
      render_id: 3,
      components: [{ id: 7, type: 'textbox' }, 'junk', { id: 'x' }],
      dependencies: [{ id: 5, inputs: [7], outputs: [7] }, { id: 6 }],
      layout: { id: 2, children: [] },
    });
    expect(parsed).toEqual({
      renderId: 3,
      components: [{ id: 7, type: 'textbox' }],
      dependencies: [{ id: 5, inputs: [7], outputs: [7] }],
      layout: { id: 2, children: [] },
    });
  });

  it('is null without a whole-number render id', () => {
    for (const value of [undefined, null, 'x', [], {}, { render_id: -1 }, { render_id: 1.5 }])
      expect(parseRenderConfig(value)).toBeNull();
  });
});

describe('renderedApi', () => {
  const config = app({ render_id: 0, api_visibility: 'undocumented' });
  const base = buildEndpoints(config, null);

  it('adds a render’s endpoints after the app’s own, named after their components', () => {
    const api = renderedApi(config, base, new Map([[0, rendered(0, ['b_0', 'b_1'])]]));
    expect(api.map((e) => e.name)).toEqual(['/apply', '/set_count', '/b_0', '/b_1']);
    expect(api[2]).toMatchObject({ fnIndex: 10, renderedIn: 0, renderId: null });
    // Inputs may be rendered components or the app's own.
    expect(api[2]?.parameters.map((p) => p.name)).toEqual(['b_0_in', 'count']);
  });

  it('keeps each render block’s latest run only, and other blocks’ runs', () => {
    const renders = new Map([
      [0, rendered(0, ['new_0'], 20)],
      [1, rendered(1, ['other'], 30)],
    ]);
    const api = renderedApi(config, base, renders);
    expect(api.map((e) => e.name)).toEqual(['/apply', '/set_count', '/new_0', '/other']);
  });

  it('is the app’s own endpoints when nothing was rendered', () => {
    expect(renderedApi(config, base, new Map())).toEqual(base);
  });

  it('names only the callable endpoints of a render', () => {
    const render = rendered(0, ['a', 'b']);
    (render.dependencies[1] as GradioDependencyConfig).api_visibility = 'private';
    expect(renderedNames(render)).toEqual(['/a']);
  });
});

describe('render functions in the config', () => {
  it('Gradio 5+: the listener with a render_id; its parameters named after components', () => {
    const [apply, setCount] = buildEndpoints(app({ render_id: 4 }), {
      named_endpoints: {
        '/apply': { parameters: [{ label: 'count', parameter_name: 'param_0' }], returns: [] },
      },
      unnamed_endpoints: {},
    });
    expect(apply).toMatchObject({ renderId: 4 });
    expect(apply?.parameters.map((p) => p.name)).toEqual(['count']);
    expect(setCount).toMatchObject({ renderId: null });
  });

  it('Gradio 4: recognised by the shape Gradio 4 gives them, numbered in order', () => {
    const config = app({ show_api: false });
    config.dependencies.push({
      id: 2,
      api_name: 'apply_1',
      show_api: false,
      inputs: [1],
      outputs: [2],
    });
    expect(buildEndpoints(config, null).map((e) => e.renderId)).toEqual([0, null, 1]);
  });

  it('Gradio 4: a listener named apply that writes to a component is not a render', () => {
    const config = app({ show_api: false, outputs: [1] });
    expect(buildEndpoints(config, null)[0]?.renderId).toBeNull();
    const shown = app({ outputs: [2] });
    expect(buildEndpoints(shown, null)[0]?.renderId).toBeNull();
  });
});

describe('the render event', () => {
  const [endpoint] = buildEndpoints(app({ render_id: 0 }), null);
  const decode = (body: unknown): QueueMessage =>
    decodeQueueMessage(JSON.stringify(body)) as QueueMessage;

  it('comes after the data and before the final status of a render function’s result', () => {
    const message = decode({
      msg: 'process_completed',
      event_id: 'e',
      success: true,
      output: {
        data: [null],
        render_config: {
          render_id: 0,
          components: [{ id: 110, type: 'textbox' }],
          dependencies: [{ id: 10, api_name: 'b_0', inputs: [110], outputs: [110] }],
          layout: {},
        },
      },
    });
    const step = reduceJobMessage(initialJobState(endpoint!, 'e'), message, 5);
    expect(step.events.map((e) => e.type)).toEqual(['data', 'render', 'status']);
    expect(step.events[1]).toMatchObject({ type: 'render', renderId: 0, endpoints: ['/b_0'] });
    expect(step.outcome).toEqual({ kind: 'complete' });
  });

  it('is absent from a result without a render config', () => {
    const message = decode({ msg: 'process_completed', success: true, output: { data: [1] } });
    const step = reduceJobMessage(initialJobState(endpoint!, 'e'), message, 5);
    expect(step.events.map((e) => e.type)).toEqual(['data', 'status']);
  });
});
