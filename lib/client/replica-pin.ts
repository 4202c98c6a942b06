import { isGradioError } from '../errors/gradio-error';
import { parseConfig, serverRootOf } from '../protocol/parse-config';
import { joinUrl } from '../protocol/url';
import type { HttpClient } from '../transport/http-client';
import { getConfig } from './gradio-routes';

/** A client's place on a Space with replicas: the Space's own URL, and the replica it is on. */
export interface ReplicaPin {
  /** The Space's URL without a replica (the balancer picks one for a request there). */
  readonly base: string;
  /** The replica the client's requests go to. */
  readonly id: string;
}

/** Where a client goes after {@link repin}: its new replica, root URL and the server's root. */
export interface Repinned {
  pin: ReplicaPin;
  /** `{base}/--replicas/{id}`: every request goes there from now on. */
  url: string;
  /** The new replica's own `config.root` (its file URLs are rebased from it), or null. */
  serverRoot: string | null;
}

/** The URL of one replica of the Space at `base`. */
export const replicaUrl = (base: string, id: string): string =>
  joinUrl(base, `--replicas/${encodeURIComponent(id)}`);

/**
 * Whether a request failure means the pinned replica is gone: the proxy answers 404 under
 * `/--replicas/{id}/` once a replica has stopped (the app itself never 404s a join or upload).
 */
export const isReplicaGone = (error: unknown): boolean => isGradioError(error, 'APP_NOT_FOUND');

/** How long re-pinning may take before the job fails with the original error (ms). */
const REPIN_TIMEOUT_MS = 10_000;

/**
 * Asks the Space's balancer for a replica again (`GET {base}/config`, no replica in the URL) after
 * the pinned one went away. Resolves with the replica it gave, or null when it gave none, the same
 * one, or no usable config: then the caller keeps its original error.
 */
export async function repin(http: HttpClient, pin: ReplicaPin): Promise<Repinned | null> {
  const answer = await getConfig(
    http,
    pin.base,
    // Bounded by getConfig's own deadline (REPIN_TIMEOUT_MS below); nobody aborts it otherwise.
    new AbortController().signal,
    // Its failure is not reported (the job keeps its own error), so its wording does not matter.
    { auth: false, token: false },
    REPIN_TIMEOUT_MS,
  ).catch(() => null);
  if (!answer?.replica || answer.replica === pin.id) return null;
  const parsed = parseConfig(answer.body, joinUrl(pin.base, 'config'));
  if (!parsed.ok) return null;
  return {
    pin: { base: pin.base, id: answer.replica },
    url: replicaUrl(pin.base, answer.replica),
    serverRoot: serverRootOf(parsed.value),
  };
}
