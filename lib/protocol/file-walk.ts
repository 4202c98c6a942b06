import { isFileData, type FileData } from '../types/file-data';
import { isFileInput, type FileInput } from '../types/file-input';

const isPlainContainer = (value: unknown): value is unknown[] | Record<string, unknown> => {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * Walks `value` depth first through arrays and plain objects (each one once), stopping at leaves
 * (`isLeaf`, not descended into): the first leaf `take` accepts, or null.
 */
function firstLeaf<L>(
  value: unknown,
  isLeaf: (value: unknown) => value is L,
  take: (leaf: L) => boolean,
): L | null {
  const seen = new Set<object>();
  const visit = (current: unknown): L | null => {
    if (isLeaf(current)) return take(current) ? current : null;
    if (!isPlainContainer(current) || seen.has(current)) return null;
    seen.add(current);
    for (const item of Array.isArray(current) ? current : Object.values(current)) {
      const found = visit(item);
      if (found !== null) return found;
    }
    return null;
  };
  return visit(value);
}

/** Every distinct file input inside a value (arrays and plain objects are searched). */
export function collectFileInputs(value: unknown): FileInput[] {
  const found = new Set<FileInput>();
  firstLeaf(value, isFileInput, (input) => {
    found.add(input);
    return false;
  });
  return [...found];
}

/** A copy of `value` with each leaf (`isLeaf`) replaced by `replacement(leaf)`; other parts are shared. */
function replaceLeaves<T, L>(
  value: T,
  isLeaf: (value: unknown) => value is L,
  replacement: (leaf: L) => unknown,
): T {
  const visit = (current: unknown): unknown => {
    if (isLeaf(current)) return replacement(current);
    if (Array.isArray(current)) return current.map(visit);
    if (isPlainContainer(current))
      return Object.fromEntries(Object.entries(current).map(([k, v]) => [k, visit(v)]));
    return current;
  };
  return visit(value) as T;
}

/** A copy of `value` with each file input replaced by `replacement(input)`; other parts are shared. */
export function replaceFileInputs<T>(value: T, replacement: (input: FileInput) => unknown): T {
  return replaceLeaves(value, isFileInput, replacement);
}

/** A copy of output `data` with each file reference replaced by `fn(file)`; other parts are shared. */
export function mapFileData<T>(data: T, fn: (file: FileData) => FileData): T {
  return replaceLeaves(data, isFileData, fn);
}

/**
 * A copy of output `data` whose file references under `from` (a URL prefix: the root the server
 * believes it has) point under `to` instead (the root the client talks to: its proxy, its Space
 * replica), so a download reaches the server that holds the file. Others are left as they are.
 */
export function rebaseFileUrls<T>(data: T, from: string, to: string): T {
  const prefix = `${from.replace(/\/+$/, '')}/`;
  return mapFileData(data, (file) =>
    typeof file.url === 'string' && file.url.startsWith(prefix)
      ? { ...file, url: `${to.replace(/\/+$/, '')}/${file.url.slice(prefix.length)}` }
      : file,
  );
}

/**
 * The first file reference inside an output value (itself, or nested in arrays and plain objects,
 * as in Gradio 5's `{ video, subtitles }`) that `wanted` accepts, or null.
 */
export function findFileData(
  value: unknown,
  wanted: (file: FileData) => boolean = () => true,
): FileData | null {
  return firstLeaf(value, isFileData, wanted);
}
