import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { applyDiff, DiffError, type DiffOp } from '../../lib/protocol/apply-diff';
import { referenceApply, serverDiff } from './server-diff-model';

describe('applyDiff', () => {
  it('appends to a root string and to nested strings', () => {
    expect(applyDiff('Hel', [['append', [], 'lo']])).toBe('Hello');
    expect(applyDiff({ msgs: [['hi', 'Hel']] }, [['append', ['msgs', 0, 1], 'lo']])).toEqual({
      msgs: [['hi', 'Hello']],
    });
  });

  it('replaces, adds and deletes in lists and objects', () => {
    expect(applyDiff([1, 2, 3], [['add', [1], 9]])).toEqual([1, 9, 2, 3]);
    expect(applyDiff({ a: 1 }, [['add', ['b'], 2]])).toEqual({ a: 1, b: 2 });
    expect(applyDiff({ a: 1, b: 2 }, [['delete', ['a'], null]])).toEqual({ b: 2 });
    expect(applyDiff([1, 2], [['replace', [0], 'x']])).toEqual(['x', 2]);
    expect(applyDiff(5, [['replace', [], { z: 1 }]])).toEqual({ z: 1 });
  });

  it('applies list deletes in order, as the server lowers their indexes', () => {
    // Server: [1,2,3,4] -> [1] is sent as three deletes at index 1.
    expect(
      applyDiff(
        [1, 2, 3, 4],
        [
          ['delete', [1], null],
          ['delete', [1], null],
          ['delete', [1], null],
        ],
      ),
    ).toEqual([1]);
  });

  it('follows the wire exactly on the server quirk with nested list deletes', () => {
    // gradio.utils.diff([[1,2],[3]], [[1]]) == [delete [0,1], delete [0]]: applied in order it gives [[3]].
    expect(serverDiff([[1, 2], [3]], [[1]])).toEqual([
      ['delete', [0, 1], null],
      ['delete', [0], null],
    ]);
    expect(applyDiff([[1, 2], [3]], serverDiff([[1, 2], [3]], [[1]]))).toEqual([[3]]);
  });

  it('never changes the previous value (copy on write) and shares untouched parts', () => {
    const before = { keep: { deep: [1] }, edit: ['a'] };
    const frozen = JSON.stringify(before);
    const after = applyDiff(before, [['append', ['edit', 0], 'b']]) as typeof before;
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after.edit).toEqual(['ab']);
    expect(after.keep).toBe(before.keep);
  });

  it.each<[unknown, DiffOp[]]>([
    [5, [['append', [], 'x']]],
    ['s', [['add', [], 1]]],
    [{ a: 1 }, [['append', ['a'], 'x']]],
    [{ a: 1 }, [['replace', ['a', 'b'], 1]]],
    [[1], [['bogus' as 'add', [0], 1]]],
    [[1], ['nope' as unknown as DiffOp]],
  ])('throws DiffError on edits that do not fit %p %p', (value, ops) => {
    expect(() => applyDiff(value, ops)).toThrow(DiffError);
  });
});

const primitive = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -5, max: 5 }),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.constantFrom('a', 'b', 'c', 'd');

/** Any JSON shape, including lists inside lists. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    primitive,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Shapes where no list contains another list, so the server's delete quirk cannot apply. */
const flatListJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    primitive,
    fc.array(primitive, { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Grows a string the way streaming text does. */
const growingText = fc
  .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
  .map(([a, b]) => [a, a + b] as const);

describe('applyDiff properties (fast-check, server diff model)', () => {
  it('agrees with a naive in-place applier on every server diff', () => {
    fc.assert(
      fc.property(anyJson, anyJson, (a, b) => {
        const ops = serverDiff(a, b);
        let expected: unknown;
        try {
          expected = referenceApply(a, ops);
        } catch {
          return; // the quirk can produce paths that do not exist; both appliers then fail
        }
        expect(applyDiff(a, ops)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('reproduces the new value exactly when no list nests a list', () => {
    fc.assert(
      fc.property(flatListJson, flatListJson, (a, b) => {
        expect(applyDiff(a, serverDiff(a, b))).toEqual(b);
      }),
      { numRuns: 2000 },
    );
  });

  it('turns streamed text into the full text with a single append', () => {
    fc.assert(
      fc.property(growingText, ([a, b]) => {
        const ops = serverDiff(a, b);
        expect(ops.length).toBeLessThanOrEqual(1);
        expect(applyDiff(a, ops)).toBe(b);
      }),
    );
  });

  it('folds a whole generator run update by update', () => {
    fc.assert(
      fc.property(fc.array(flatListJson, { minLength: 1, maxLength: 8 }), (states) => {
        let current: unknown = states[0];
        for (let i = 1; i < states.length; i++)
          current = applyDiff(current, serverDiff(states[i - 1], states[i]));
        expect(current).toEqual(states[states.length - 1]);
      }),
      { numRuns: 500 },
    );
  });
});
