/** Whether a decoded JSON value is an object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Finds the first part of `value` that cannot travel as JSON without being changed or lost:
 * functions, symbols, bigints, non-finite numbers, `undefined` inside arrays, cycles, and class
 * instances other than plain objects and arrays (a Date, Map, Blob...). Returns a description with
 * the path (`payload.items[2]`), or null when the value is plain JSON data.
 */
export function findNonJson(
  value: unknown,
  path = 'payload',
  isAllowedLeaf: (value: unknown) => boolean = () => false,
): string | null {
  const seen = new Set<object>();
  const visit = (current: unknown, where: string): string | null => {
    switch (typeof current) {
      case 'string':
      case 'boolean':
        return null;
      case 'number':
        return Number.isFinite(current) ? null : `${where} is ${current}, which JSON cannot carry`;
      case 'undefined':
        return `${where} is undefined; use null for "no value"`;
      case 'function':
        return `${where} is a function`;
      case 'symbol':
        return `${where} is a symbol`;
      case 'bigint':
        return `${where} is a bigint; convert it to a number or string`;
    }
    if (current === null || isAllowedLeaf(current)) return null;
    const object = current as object;
    if (seen.has(object)) return `${where} refers back to itself (a cycle)`;
    const proto = Object.getPrototypeOf(object);
    if (!Array.isArray(object) && proto !== Object.prototype && proto !== null) {
      const kind = (proto?.constructor as { name?: string } | undefined)?.name ?? 'object';
      return `${where} is a ${kind}, not plain JSON data${/Blob|File|Buffer|Array/.test(kind) ? '; wrap files with handleFile()' : ''}`;
    }
    seen.add(object);
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const problem = visit(object[i], `${where}[${i}]`);
        if (problem) return problem;
      }
    } else {
      for (const [key, item] of Object.entries(object)) {
        if (item === undefined) continue; // dropped by JSON, like an absent key
        const problem = visit(
          item,
          /^[A-Za-z_$][\w$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`,
        );
        if (problem) return problem;
      }
    }
    seen.delete(object);
    return null;
  };
  return visit(value, path);
}

/** Parses a response body as JSON, or returns undefined when it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
