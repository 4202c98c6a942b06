import { describe, expect, it } from '@jest/globals';
import { buildArguments, fromWireData, toWireData } from '../../lib/protocol/build-payload';
import type { EndpointInfo, ParameterInfo } from '../../lib/types/api-info';

const param = (name: string, hasDefault = false, value: unknown = undefined): ParameterInfo => ({
  name,
  label: name,
  type: {},
  pythonType: 'Any',
  component: 'Textbox',
  hasDefault,
  default: value,
  example: null,
  description: '',
});

const endpoint: EndpointInfo = {
  name: '/f',
  fnIndex: 4,
  visibility: 'public',
  description: '',
  parameters: [param('a'), param('b', true, 2), param('c', true, null)],
  returns: [],
  generator: false,
  queued: true,
  inputSlots: [
    { kind: 'param', index: 0 },
    { kind: 'state' },
    { kind: 'param', index: 1 },
    { kind: 'param', index: 2 },
  ],
  outputSlots: [{ kind: 'state' }, { kind: 'return', index: 0 }],
  stream: null,
  renderId: null,
  renderedIn: null,
  oauthToken: null,
};

describe('buildArguments', () => {
  it('fills defaults for positional and named payloads', () => {
    expect(buildArguments(endpoint, [1])).toEqual({ ok: true, value: [1, 2, null] });
    expect(buildArguments(endpoint, [1, undefined, 3])).toEqual({ ok: true, value: [1, 2, 3] });
    expect(buildArguments(endpoint, { a: 'x', c: 0 })).toEqual({ ok: true, value: ['x', 2, 0] });
    expect(buildArguments(endpoint, { a: false, b: undefined })).toEqual({
      ok: true,
      value: [false, 2, null],
    });
  });

  it('explains what is wrong', () => {
    const message = (payload: unknown) => {
      const result = buildArguments(endpoint, payload as never);
      return result.ok ? 'ok' : result.error.message;
    };
    expect(message([])).toBe('/f is missing required parameter "a".');
    expect(message(null)).toBe('/f is missing required parameter "a".');
    expect(message({ z: 1, y: 2 })).toBe(
      '/f has no parameter "z", "y". Its parameters: "a", "b", "c".',
    );
    expect(message([1, 2, 3, 4])).toBe('/f takes 3 values ("a", "b", "c") but got 4.');
    expect(message(new Map())).toMatch(/must be an array of values or an object/);
    expect(message([{ when: new Date(0) }])).toBe(
      'Cannot send payload[0].when is a Date, not plain JSON data.',
    );
    expect(message([new Uint8Array(2)])).toMatch(/Uint8Array.*wrap files with handleFile\(\)/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(message([cyclic])).toBe('Cannot send payload[0].self refers back to itself (a cycle).');
    expect(message([[1, undefined]])).toBe(
      'Cannot send payload[0][1] is undefined; use null for "no value".',
    );
    expect(message([NaN])).toBe('Cannot send payload[0] is NaN, which JSON cannot carry.');
    expect(message([10n])).toMatch(/bigint/);
  });

  it('accepts plain JSON, shared (non-cyclic) references and null-prototype objects', () => {
    const shared = { x: 1 };
    expect(buildArguments(endpoint, [[shared, shared]]).ok).toBe(true);
    expect(buildArguments(endpoint, [Object.assign(Object.create(null), { k: 1 })]).ok).toBe(true);
    expect(buildArguments(endpoint, [{ a: 1, gone: undefined }]).ok).toBe(true);
  });
});

describe('wire layout', () => {
  it('puts null in state slots and drops state outputs', () => {
    expect(toWireData(endpoint, ['a', 'b', 'c'])).toEqual(['a', null, 'b', 'c']);
    expect(fromWireData(endpoint, [{ secret: 1 }, 'out'])).toEqual(['out']);
    expect(fromWireData(endpoint, ['unexpected', 'shape', 'x'])).toEqual([
      'unexpected',
      'shape',
      'x',
    ]);
  });
});
