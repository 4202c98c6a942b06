import { isSpaceId } from '../protocol/space-stage';
import { originOf } from '../protocol/url';
import type { SpaceStatusEvent } from '../types/space';
import type { ResolvedConnectOptions } from '../types/options';
import type { GradioClient } from './gradio-client';
import { hubHttp, hubUrlOf } from './hub';
import { openApp } from './open-app';
import { waitForSpace } from './wait-for-space';

/**
 * Opens a URL directly, or a Space id through the hub: wait until the Space runs (emitting its
 * status), then open its host. The token is trusted to the hub and the Space host only.
 */
export async function openSource(
  source: string,
  options: ResolvedConnectOptions,
  signal: AbortSignal,
  emit: (event: SpaceStatusEvent) => void,
): Promise<GradioClient> {
  if (!isSpaceId(source)) return openApp(source, options, signal);
  const space = source.trim();
  const hubUrl = hubUrlOf(options);
  const host = await waitForSpace({
    http: hubHttp(hubUrl, options),
    hubUrl,
    space,
    hasToken: options.hfToken !== undefined,
    wait: options.spaceWait,
    signal,
    emit,
  });
  return openApp(host, options, signal, [originOf(hubUrl) as string]);
}
