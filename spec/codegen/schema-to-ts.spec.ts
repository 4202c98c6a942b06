import { describe, expect, it } from '@jest/globals';
import { schemaToTs } from '../../lib/codegen/schema-to-ts';

describe('schemaToTs', () => {
  it.each([
    [{ type: 'string' }, 'string'],
    [{ type: 'integer' }, 'number'],
    [{ type: 'boolean' }, 'boolean'],
    [{ type: ['string', 'null'] }, 'string | null'],
    [{ enum: ['a', 'b'] }, '"a" | "b"'],
    [{ const: 3 }, '3'],
    [{ anyOf: [{ type: 'number' }, { type: 'null' }] }, 'number | null'],
    [{ type: 'array', items: { type: 'string' } }, 'string[]'],
    [{ type: 'array', items: { enum: ['x', 'y'] } }, 'Array<"x" | "y">'],
    [{ type: 'array', items: [{ type: 'string' }, { type: 'number' }] }, '[string, number]'],
    [
      {
        type: 'object',
        properties: { path: { type: 'string' }, 'mime-type': { type: 'string' } },
        required: ['path'],
      },
      '{ path: string; "mime-type"?: string }',
    ],
    [{ type: 'object', additionalProperties: { type: 'number' } }, 'Record<string, number>'],
    [{ type: 'object' }, 'Record<string, unknown>'],
    [{}, 'unknown'],
  ])('%o → %s', (schema, expected) => {
    expect(schemaToTs(schema)).toBe(expected);
  });

  it('stops at a bounded depth on deeply nested schemas', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20; i++) schema = { type: 'array', items: schema };
    expect(schemaToTs(schema)).toContain('unknown');
  });
});
