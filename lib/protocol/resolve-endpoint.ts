import { EndpointError } from '../errors/call-errors';
import type { EndpointInfo } from '../types/api-info';
import { fail, ok, type Result } from './result';

/** How a caller names an endpoint: `'/predict'` (or `'predict'`), or its fn index. */
export type EndpointRef = string | number;

const callableNames = (endpoints: EndpointInfo[]): string[] =>
  endpoints
    .filter((e) => e.visibility !== 'private' && e.name !== null)
    .map((e) => e.name as string);

/**
 * Finds the endpoint a caller means, or explains why it cannot be called: an unknown name or
 * index lists the valid names; a private endpoint is refused as the official clients do.
 */
export function resolveEndpoint(endpoints: EndpointInfo[], ref: EndpointRef): Result<EndpointInfo> {
  let found: EndpointInfo | undefined;
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0) {
      return fail(
        new EndpointError(
          'UNKNOWN_ENDPOINT',
          `${ref} is not a valid fn index: use a whole number >= 0.`,
          { endpoint: ref },
        ),
      );
    }
    found = endpoints.find((e) => e.fnIndex === ref);
  } else if (typeof ref === 'string') {
    const name = `/${ref.trim().replace(/^\/+/, '')}`;
    found = endpoints.find((e) => e.name === name);
  } else {
    return fail(
      new EndpointError(
        'UNKNOWN_ENDPOINT',
        'An endpoint must be a name such as "/predict" or a fn index.',
      ),
    );
  }
  if (!found) {
    const names = callableNames(endpoints);
    const list = names.length ? names.map((n) => `"${n}"`).join(', ') : 'none';
    const what = typeof ref === 'number' ? `fn index ${ref}` : `"${ref}"`;
    return fail(
      new EndpointError(
        'UNKNOWN_ENDPOINT',
        `This app has no endpoint ${what}. Callable endpoints: ${list}. See client.viewApi().`,
        {
          endpoint: ref,
        },
      ),
    );
  }
  if (found.visibility === 'private') {
    return fail(
      new EndpointError(
        'PRIVATE_ENDPOINT',
        `The endpoint ${found.name ?? `#${found.fnIndex}`} is private to the app's UI and cannot be called from a client.`,
        { endpoint: ref },
      ),
    );
  }
  return ok(found);
}
