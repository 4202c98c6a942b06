/**
 * What a Gradio server of a given version does, where the client must act differently.
 * Pure: decided from the config's `version` string alone.
 */

/** The first Gradio release whose `/cancel` also takes a waiting job out of the queue (gradio#13333). */
const CANCEL_REMOVES_QUEUED = [6, 14] as const;

/** `"6.31.0"` → `[6, 31]`; null when the version is missing or not a release number. */
function majorMinor(version: unknown): [number, number] | null {
  if (typeof version !== 'string') return null;
  const match = /^(\d+)\.(\d+)(?:\.|$)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/**
 * Whether the server's `/cancel` removes a job that is still waiting in the queue. Before Gradio
 * 6.14 it only stops running jobs: a waiting job stays queued and runs later (and its fake
 * completion can upset the session's stream bookkeeping on Gradio 4). Unknown versions are treated
 * as old, since the workaround is safe on every version.
 *
 * @example cancelRemovesQueued('6.31.0') // true
 * @example cancelRemovesQueued('5.50.0') // false
 */
export function cancelRemovesQueued(version: unknown): boolean {
  const parsed = majorMinor(version);
  if (!parsed) return false;
  const [major, minor] = parsed;
  const [needMajor, needMinor] = CANCEL_REMOVES_QUEUED;
  return major > needMajor || (major === needMajor && minor >= needMinor);
}

/**
 * Whether the server ends a stream job when the client closes its stream
 * (`/stream/{event_id}/close`). Gradio 5 (seen on 5.50) does so only for an endpoint with a
 * `time_limit`: without one it runs the function once more with the last chunk, then waits up to
 * 30 s for chunks that will not come before it completes the job. Gradio 6 ends it at once.
 * Unknown versions are treated as old (the client then ends the job itself, which is safe on all).
 *
 * @example closeEndsStream('6.31.0') // true
 * @example closeEndsStream('5.50.0') // false
 */
export function closeEndsStream(version: unknown): boolean {
  const parsed = majorMinor(version);
  return parsed !== null && parsed[0] >= 6;
}
