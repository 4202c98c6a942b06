import { normalizeConnectOptions } from '../protocol/connect-options';
import type { ConnectOptions, ResolvedConnectOptions } from '../types/options';

/** {@link normalizeConnectOptions} for the runtime this runs in (`HF_ENDPOINT`, Node or not). */
export function resolveConnectOptions(options: ConnectOptions): ResolvedConnectOptions {
  const process = (
    globalThis as {
      process?: { env?: Record<string, string | undefined>; versions?: { node?: unknown } };
    }
  ).process;
  return normalizeConnectOptions(options, {
    hfEndpoint: process?.env?.HF_ENDPOINT,
    node: typeof process?.versions?.node === 'string',
  });
}
