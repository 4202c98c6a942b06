/** One edit of a generator update: `[action, path, value]`. */
export type DiffOp = [
  action: 'replace' | 'append' | 'add' | 'delete',
  path: (string | number)[],
  value: unknown,
];

/** Thrown (and turned into a typed error by the caller) when an edit does not fit the value. */
export class DiffError extends Error {
  /** The class name, as `Error.name`. */
  override readonly name = 'DiffError';
}

type Container = unknown[] | Record<string, unknown>;

const isContainer = (value: unknown): value is Container =>
  typeof value === 'object' && value !== null;

const shallowCopy = (value: Container): Container =>
  Array.isArray(value) ? value.slice() : { ...value };

function child(container: Container, key: string | number): unknown {
  return Array.isArray(container) ? container[Number(key)] : container[String(key)];
}

function setChild(container: Container, key: string | number, value: unknown): void {
  if (Array.isArray(container)) container[Number(key)] = value;
  else container[String(key)] = value;
}

function applyAt(
  target: unknown,
  action: DiffOp[0],
  key: string | number,
  value: unknown,
): unknown {
  if (!isContainer(target))
    throw new DiffError(`cannot ${action} at "${key}" inside a ${typeof target}`);
  const copy = shallowCopy(target);
  switch (action) {
    case 'replace':
      setChild(copy, key, value);
      return copy;
    case 'append': {
      const current = child(copy, key);
      if (typeof current !== 'string' || typeof value !== 'string')
        throw new DiffError(`cannot append to a non-string at "${key}"`);
      setChild(copy, key, current + value);
      return copy;
    }
    case 'add':
      if (Array.isArray(copy)) copy.splice(Number(key), 0, value);
      else copy[String(key)] = value;
      return copy;
    case 'delete':
      if (Array.isArray(copy)) copy.splice(Number(key), 1);
      else delete copy[String(key)];
      return copy;
    default:
      throw new DiffError(`unknown diff action "${String(action)}"`);
  }
}

function applyOp(value: unknown, [action, path, opValue]: DiffOp, depth: number): unknown {
  if (depth === path.length - 1 || path.length === 0) {
    if (path.length === 0) {
      if (action === 'replace') return opValue;
      if (action === 'append') {
        if (typeof value !== 'string' || typeof opValue !== 'string')
          throw new DiffError('cannot append to a non-string root');
        return value + opValue;
      }
      throw new DiffError(`cannot ${action} the root value`);
    }
    return applyAt(value, action, path[depth] as string | number, opValue);
  }
  if (!isContainer(value))
    throw new DiffError(`path ${JSON.stringify(path)} runs through a ${typeof value}`);
  const key = path[depth] as string | number;
  const copy = shallowCopy(value);
  setChild(copy, key, applyOp(child(value, key), [action, path, opValue], depth + 1));
  return copy;
}

/**
 * Applies a generator update's edits to the previous full value and returns the new one, as the
 * Gradio server defines them (`sse_v2`+): `replace`, `append` (string concatenation), `add`
 * (insert into a list / set a key), `delete` (remove from a list / delete a key). Edits are applied
 * in order, each to the result of the one before (the server relies on this for list deletes).
 *
 * Pure and copy-on-write: containers on each edited path are copied, everything else is shared,
 * so values already handed to subscribers never change. Throws {@link DiffError} on an edit that
 * does not fit the value.
 */
export function applyDiff(value: unknown, ops: readonly DiffOp[]): unknown {
  let result = value;
  for (const op of ops) {
    if (!Array.isArray(op) || !Array.isArray(op[1])) throw new DiffError('malformed diff edit');
    result = applyOp(result, op, 0);
  }
  return result;
}
