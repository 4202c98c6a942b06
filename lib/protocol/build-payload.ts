import { ArgumentError } from '../errors/call-errors';
import type { EndpointInfo, ParameterInfo } from '../types/api-info';
import { isFileInput } from '../types/file-input';
import { findNonJson } from './check-json';
import { fail, ok, type Result } from './result';

/**
 * What a caller passes as a job's inputs: values in parameter order, or an object keyed by
 * parameter name (missing optional parameters take the app's defaults).
 */
export type Payload = readonly unknown[] | Readonly<Record<string, unknown>>;

const label = (endpoint: EndpointInfo): string => endpoint.name ?? `fn index ${endpoint.fnIndex}`;

const list = (params: readonly ParameterInfo[]): string =>
  params.map((p) => `"${p.name}"`).join(', ') || 'none';

function fromPositional(endpoint: EndpointInfo, values: readonly unknown[]): Result<unknown[]> {
  const params = endpoint.parameters;
  if (values.length > params.length) {
    return fail(
      new ArgumentError(
        `${label(endpoint)} takes ${params.length} value${params.length === 1 ? '' : 's'} (${list(params)}) but got ${values.length}.`,
        {
          endpoint: endpoint.name ?? endpoint.fnIndex,
        },
      ),
    );
  }
  const missing: string[] = [];
  const args = params.map((param, i) => {
    if (i < values.length && values[i] !== undefined) return values[i];
    if (param.hasDefault) return param.default ?? null;
    missing.push(param.name);
    return null;
  });
  if (missing.length) {
    return fail(
      new ArgumentError(
        `${label(endpoint)} is missing required parameter${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')}.`,
        {
          endpoint: endpoint.name ?? endpoint.fnIndex,
        },
      ),
    );
  }
  return ok(args);
}

function fromNamed(
  endpoint: EndpointInfo,
  values: Readonly<Record<string, unknown>>,
): Result<unknown[]> {
  const params = endpoint.parameters;
  const known = new Set(params.map((p) => p.name));
  const unknown = Object.keys(values).filter((key) => !known.has(key));
  if (unknown.length) {
    return fail(
      new ArgumentError(
        `${label(endpoint)} has no parameter ${unknown.map((u) => `"${u}"`).join(', ')}. Its parameters: ${list(params)}.`,
        {
          endpoint: endpoint.name ?? endpoint.fnIndex,
        },
      ),
    );
  }
  return fromPositional(
    endpoint,
    params.map((p) =>
      Object.prototype.hasOwnProperty.call(values, p.name) ? values[p.name] : undefined,
    ),
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * Turns the caller's payload into the endpoint's argument list (one value per parameter, defaults
 * filled in), or a typed `INVALID_ARGUMENTS` error naming what is wrong: too many values, a
 * missing required parameter, an unknown name, or a value JSON cannot carry. Pure; runs before
 * anything is sent.
 */
export function buildArguments(
  endpoint: EndpointInfo,
  payload: Payload | null | undefined,
): Result<unknown[]> {
  let result: Result<unknown[]>;
  if (payload === undefined || payload === null) result = fromPositional(endpoint, []);
  else if (Array.isArray(payload)) result = fromPositional(endpoint, payload);
  else if (isPlainObject(payload)) result = fromNamed(endpoint, payload);
  else {
    return fail(
      new ArgumentError(
        `The payload for ${label(endpoint)} must be an array of values or an object keyed by parameter name.`,
        {
          endpoint: endpoint.name ?? endpoint.fnIndex,
        },
      ),
    );
  }
  if (!result.ok) return result;
  const problem = findNonJson(result.value, 'payload', isFileInput);
  if (problem)
    return fail(
      new ArgumentError(`Cannot send ${problem}.`, { endpoint: endpoint.name ?? endpoint.fnIndex }),
    );
  return result;
}

/** Lays the arguments out on the wire: one slot per dependency input, `null` for session state. */
export function toWireData(endpoint: EndpointInfo, args: readonly unknown[]): unknown[] {
  return endpoint.inputSlots.map((slot) =>
    slot.kind === 'param' ? (args[slot.index] ?? null) : null,
  );
}

/** Drops the session-state slots from a wire output, leaving the values the API describes. */
export function fromWireData(endpoint: EndpointInfo, data: readonly unknown[]): unknown[] {
  if (endpoint.outputSlots.length !== data.length) return data.slice();
  const values: unknown[] = [];
  endpoint.outputSlots.forEach((slot, i) => {
    if (slot.kind === 'return') values.push(data[i]);
  });
  return values;
}
