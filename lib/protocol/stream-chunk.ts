import { ArgumentError } from '../errors/call-errors';
import type { GradioError } from '../errors/gradio-error';
import type { EndpointInfo } from '../types/api-info';
import { isFileInput } from '../types/file-input';

/** Components whose streamed value is a file (an image frame, an audio chunk, a video clip). */
const FILE_COMPONENTS: ReadonlySet<string> = new Set(['Image', 'Audio', 'Video']);

const isFileReference = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (typeof (value as { path?: unknown }).path === 'string' ||
    typeof (value as { url?: unknown }).url === 'string');

/**
 * Checks one chunk of a streaming input before anything is sent: a chunk for a file component
 * must be a file (`handleFile(...)`, or a FileData the server knows). Returns the typed error, or
 * null when the chunk fits. `key` is the argument's index or parameter name.
 */
export function checkStreamChunk(
  endpoint: EndpointInfo,
  key: number | string,
  value: unknown,
): GradioError | null {
  const parameter =
    typeof key === 'number'
      ? endpoint.parameters[key]
      : endpoint.parameters.find((p) => p.name === key);
  if (!parameter || !FILE_COMPONENTS.has(parameter.component)) return null;
  if (isFileInput(value) || isFileReference(value)) return null;
  const ref = endpoint.name ?? endpoint.fnIndex;
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new ArgumentError(
    `A chunk for "${parameter.name}" of ${String(ref)} (a ${parameter.component}) must be a file: pass handleFile(bytes | Blob | path), or a FileData the server returned; got ${got}.`,
    { endpoint: ref },
  );
}
