import { describe, expect, it } from '@jest/globals';
import { buildEndpoints, visibilityOf } from '../../lib/protocol/build-endpoints';
import type { GradioDependencyConfig, RawApiInfo } from '../../lib/types/config';
import { sampleConfig } from './config-fixtures';

const info: RawApiInfo = {
  named_endpoints: {
    '/greet': {
      parameters: [
        {
          label: 'Name',
          parameter_name: 'name',
          parameter_has_default: true,
          parameter_default: 'Ada',
          type: { type: 'string' },
          python_type: { type: 'str', description: '' },
          component: 'Textbox',
          example_input: 'Hello!!',
        },
      ],
      returns: [
        {
          label: 'Out',
          type: { type: 'string' },
          python_type: { type: 'str', description: '' },
          component: 'Textbox',
        },
      ],
      description: 'Greets.',
    },
  },
  unnamed_endpoints: {},
};

describe('buildEndpoints', () => {
  const endpoints = buildEndpoints(sampleConfig(), info);

  it('marks stream endpoints (`connection: "stream"`) with their streaming parameters and limits', () => {
    const base = sampleConfig();
    const config = sampleConfig({
      components: [...base.components, { id: 9, type: 'image', props: { label: 'Frame' } }],
      dependencies: [
        {
          id: 0,
          api_name: 'flip',
          inputs: [9, 1, 2],
          outputs: [3],
          targets: [[9, 'stream']],
          connection: 'stream',
          stream_every: 0.05,
          time_limit: null,
        },
        { id: 1, api_name: 'plain', inputs: [1], outputs: [3], connection: 'sse' },
      ],
    });
    const [flip, plain] = buildEndpoints(config, null);
    expect(flip?.stream).toEqual({ parameters: ['frame'], every: 0.05, timeLimit: null });
    expect(plain?.stream).toBeNull();
    expect(endpoints.every((e) => e.stream === null)).toBe(true);
  });

  it('lists callable dependencies only (JS-only listeners are left out)', () => {
    expect(endpoints.map((e) => e.name)).toEqual(['/greet', '/hidden', '/fast']);
  });

  it('maps state inputs and outputs to hidden slots', () => {
    const greet = endpoints[0];
    expect(greet?.inputSlots).toEqual([{ kind: 'param', index: 0 }, { kind: 'state' }]);
    expect(greet?.outputSlots).toEqual([{ kind: 'return', index: 0 }, { kind: 'state' }]);
  });

  it('takes parameters and returns from /info', () => {
    expect(endpoints[0]).toMatchObject({
      fnIndex: 0,
      visibility: 'public',
      generator: true,
      queued: true,
      description: 'Greets.',
      parameters: [
        {
          name: 'name',
          hasDefault: true,
          default: 'Ada',
          pythonType: 'str',
          component: 'Textbox',
          example: 'Hello!!',
        },
      ],
      returns: [{ label: 'Out', component: 'Textbox' }],
    });
  });

  it('falls back to component labels without an /info entry', () => {
    expect(endpoints[2]).toMatchObject({
      visibility: 'undocumented',
      queued: false,
      parameters: [{ name: 'name', label: 'Name', component: 'Textbox', hasDefault: false }],
      returns: [{ label: 'Out', component: 'Textbox' }],
    });
  });

  it('uses array positions as fn indexes when ids are missing', () => {
    const config = sampleConfig();
    config.dependencies = config.dependencies.map(({ id: _id, ...rest }) => rest);
    expect(buildEndpoints(config, null).map((e) => e.fnIndex)).toEqual([0, 1, 3]);
  });

  it('honours enable_queue for queue: null', () => {
    const built = buildEndpoints(sampleConfig({ enable_queue: false }), info);
    expect(built[0]?.queued).toBe(false);
  });
});

describe('visibilityOf', () => {
  it.each<[Partial<GradioDependencyConfig>, string]>([
    [{ api_visibility: 'undocumented' }, 'undocumented'],
    [{ api_name: false }, 'private'],
    [{ api_name: 'x', show_api: false }, 'undocumented'],
    [{ api_name: 'x' }, 'public'],
  ])('%o → %s', (dep, expected) => {
    expect(visibilityOf({ inputs: [], outputs: [], ...dep })).toBe(expected);
  });
});
