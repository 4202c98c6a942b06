import { originOf } from '../protocol/url';
import type { SpaceStatusEvent } from '../types/space';
import type { ResolvedConnectOptions } from '../types/options';
import type { GradioClient } from './gradio-client';
import { hubHttp, hubUrlOf } from './hub';
import { fetchSpaceSignature } from './hub-routes';
import { openApp } from './open-app';
import { waitForSpace } from './wait-for-space';

/**
 * Opens a Space by id through the hub: wait until the Space runs (emitting its status), then open
 * its host. The token is trusted to the hub and the Space host only.
 */
export async function openSpace(
  space: string,
  options: ResolvedConnectOptions,
  signal: AbortSignal,
  emit: (event: SpaceStatusEvent) => void,
): Promise<GradioClient> {
  const hubUrl = hubUrlOf(options);
  const http = hubHttp(hubUrl, options);
  const host = await waitForSpace({
    http,
    hubUrl,
    space,
    hasToken: options.hfToken !== undefined,
    wait: options.spaceWait,
    signal,
    emit,
  });
  // With a token, the Space's URLs are signed too, so a page can load its files without headers
  // (a private Space's proxy wants the token or the signature). Without one, headers still work.
  const signature = options.hfToken
    ? await fetchSpaceSignature(http, hubUrl, space, signal).catch(() => null)
    : null;
  return openApp(host, options, signal, [originOf(hubUrl) as string], signature);
}
