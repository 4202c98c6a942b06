import type { DiffOp } from '../../lib/protocol/apply-diff';

/**
 * A TypeScript model of the Gradio server's diff (gradio/utils.py `diff`), quirks included:
 * deletes get their last index lowered by the deletes before them, counted over all edits at each
 * list level (nested ones too). Used as the reference in property tests.
 */
export function serverDiff(oldValue: unknown, newValue: unknown): DiffOp[] {
  const typeOf = (v: unknown): string =>
    v === null
      ? 'null'
      : Array.isArray(v)
        ? 'list'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'int'
            : 'float'
          : typeof v;
  const equal = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const compare = (a: unknown, b: unknown, path: (string | number)[]): DiffOp[] => {
    if (equal(a, b)) return [];
    if (typeOf(a) !== typeOf(b)) return [['replace', path, b]];
    if (typeof a === 'string' && typeof b === 'string' && b.startsWith(a))
      return [['append', path, b.slice(a.length)]];
    if (Array.isArray(a) && Array.isArray(b)) {
      const edits: DiffOp[] = [];
      const common = Math.min(a.length, b.length);
      for (let i = 0; i < common; i++) edits.push(...compare(a[i], b[i], [...path, i]));
      for (let i = common; i < a.length; i++) edits.push(['delete', [...path, i], null]);
      for (let i = common; i < b.length; i++) edits.push(['add', [...path, i], b[i]]);
      let deletes = 0;
      for (const edit of edits) {
        const last = edit[1][edit[1].length - 1];
        if (edit[0] === 'delete' && typeof last === 'number') {
          edit[1] = [...edit[1].slice(0, -1), last - deletes];
          deletes++;
        }
      }
      return edits;
    }
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const edits: DiffOp[] = [];
      for (const key of Object.keys(x)) {
        if (key in y) edits.push(...compare(x[key], y[key], [...path, key]));
        else edits.push(['delete', [...path, key], null]);
      }
      for (const key of Object.keys(y))
        if (!(key in x)) edits.push(['add', [...path, key], y[key]]);
      return edits;
    }
    return [['replace', path, b]];
  };
  return compare(oldValue, newValue, []);
}

/** An independent applier: deep-clones, then mutates in place (the naive way). */
export function referenceApply(value: unknown, ops: DiffOp[]): unknown {
  let root = structuredClone(value);
  for (const [action, path, v] of ops) {
    if (path.length === 0) {
      root = action === 'append' ? (root as string) + (v as string) : structuredClone(v);
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const key = path[path.length - 1] as string | number;
    if (action === 'replace') parent[key] = structuredClone(v);
    else if (action === 'append') parent[key] = (parent[key] as string) + (v as string);
    else if (action === 'add') {
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(v));
      else parent[key] = structuredClone(v);
    } else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  }
  return root;
}
