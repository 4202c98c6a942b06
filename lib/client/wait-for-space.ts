import { AppNotFoundError } from '../errors/connect-errors';
import { SpaceError } from '../errors/space-error';
import { readSpaceStage } from '../protocol/space-stage';
import type { HttpClient } from '../transport/http-client';
import type { SpaceStatusEvent, SpaceWaitOptions } from '../types/space';
import { joinUrl } from '../protocol/url';
import { discardBody } from './call-route';
import { fetchSpaceHost, fetchSpaceInfo } from './hub-routes';

/** Any request to a sleeping Space wakes it: `GET {host}/config`, whose answer does not matter. */
export function wakeApp(http: HttpClient, host: string, signal: AbortSignal): Promise<void> {
  return http.ky
    .get(joinUrl(host, 'config'), { signal })
    .then(discardBody)
    .catch(() => undefined);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface WaitForSpaceInput {
  http: HttpClient;
  hubUrl: string;
  space: string;
  hasToken: boolean;
  /** Resolved by `normalizeConnectOptions`. */
  wait: Required<SpaceWaitOptions>;
  signal: AbortSignal;
  emit: (event: SpaceStatusEvent) => void;
}

/**
 * Polls the hub until the Space runs, with exponential backoff bounded by `wait.timeout`, emitting
 * a status event each time the stage changes (and once for "running"). A sleeping Space is woken
 * by one request to its host. Resolves with the Space's host; rejects with a typed error for a
 * Space that cannot run (`SPACE_ERROR`), is missing or private (`APP_NOT_FOUND`, `PRIVATE_APP`), or
 * did not start in time (`APP_UNREACHABLE`).
 */
export async function waitForSpace({
  http,
  hubUrl,
  space,
  hasToken,
  wait,
  signal,
  emit,
}: WaitForSpaceInput): Promise<string> {
  const { timeout, maxDelay } = wait;
  const deadline = Date.now() + timeout;
  let delay = wait.initialDelay;
  let lastStage: string | null = null;
  let woken = false;
  for (;;) {
    const info = await fetchSpaceInfo(http, hubUrl, space, signal, hasToken);
    const hubStage = info.runtime?.stage ?? 'RUNNING';
    const reading = readSpaceStage(hubStage);
    if (reading.kind === 'failed')
      throw new SpaceError(space, hubStage, `${space}: ${reading.message}`);
    if (reading.stage !== lastStage) {
      lastStage = reading.stage;
      const hardware = info.runtime?.hardware?.current ?? info.runtime?.hardware?.requested ?? null;
      emit({
        type: 'status',
        space,
        stage: reading.stage,
        hubStage,
        message: reading.message,
        hardware,
        time: Date.now(),
      });
    }
    if (reading.kind === 'running')
      return info.host
        ? info.host.replace(/\/+$/, '')
        : fetchSpaceHost(http, hubUrl, space, signal, hasToken);
    if (reading.stage === 'sleeping' && !woken) {
      woken = true;
      const host = info.host ?? (await fetchSpaceHost(http, hubUrl, space, signal, hasToken));
      // Any request to a sleeping Space wakes it; the answer (503 while waking) does not matter.
      await wakeApp(http, host, signal);
    }
    if (Date.now() + delay > deadline) {
      throw new AppNotFoundError(
        'APP_UNREACHABLE',
        `The Space ${space} was still ${lastStage} after ${timeout} ms. Try again later, or raise { spaceWait: { timeout } }.`,
      );
    }
    await sleep(delay, signal);
    delay = Math.min(delay * 2, maxDelay);
  }
}
