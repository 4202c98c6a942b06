import { ArgumentError } from '../errors/call-errors';
import { handleFile } from '../files/handle-file';
import type { Payload } from '../protocol/build-payload';

/**
 * A `--param name=value` value: JSON when it parses (`3`, `true`, `[1,2]`, `"x"`), a file when it
 * starts with `@` (`@./cat.png`, `@https://.../cat.png`), otherwise the text itself.
 */
export function parseParamValue(raw: string): unknown {
  if (raw.startsWith('@') && raw.length > 1) return handleFile(raw.slice(1));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Builds the payload from `--data '<json>'` and/or `--param name=value` (not both). */
export function payloadFromArgs(data: string | undefined, params: readonly string[]): Payload {
  if (data !== undefined && params.length)
    throw new ArgumentError('Use either --data or --param, not both.');
  if (data !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new ArgumentError(
        `--data must be JSON (an array of values or an object of parameters): ${data}`,
      );
    }
    if (parsed === null || typeof parsed !== 'object')
      throw new ArgumentError('--data must be a JSON array or object.');
    return parsed as Payload;
  }
  const named: Record<string, unknown> = {};
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq <= 0) throw new ArgumentError(`--param takes name=value, got "${param}".`);
    named[param.slice(0, eq)] = parseParamValue(param.slice(eq + 1));
  }
  return named;
}

/** How a CLI run ends, as a process exit code. */
export function exitCodeFor(code: string | undefined): number {
  switch (code) {
    case 'INVALID_ARGUMENTS':
    case 'UNKNOWN_ENDPOINT':
    case 'PRIVATE_ENDPOINT':
    case 'UPLOAD_TOO_LARGE':
      return 2;
    case 'APP_NOT_FOUND':
    case 'APP_UNREACHABLE':
    case 'AUTH_REQUIRED':
    case 'LOGIN_FAILED':
    case 'PRIVATE_APP':
    case 'BAD_CONFIG':
    case 'UNSUPPORTED_PROTOCOL':
    case 'SPACE_ERROR':
      return 3;
    default:
      return 1;
  }
}
