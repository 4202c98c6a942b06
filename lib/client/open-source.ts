import { isSpaceId } from '../protocol/space-id';
import type { SpaceStatusEvent } from '../types/space';
import type { ResolvedConnectOptions } from '../types/options';
import type { GradioClient } from './gradio-client';
import { SPACES } from './lazy';
import { openApp } from './open-app';

/**
 * Opens a URL directly, or a Space id through the hub (`openSpace`, whose code is loaded only
 * when a Space id is given: an app that connects by URL never loads the hub code).
 */
export async function openSource(
  source: string,
  options: ResolvedConnectOptions,
  signal: AbortSignal,
  emit: (event: SpaceStatusEvent) => void,
): Promise<GradioClient> {
  if (!isSpaceId(source)) return openApp(source, options, signal);
  const { openSpace } = await SPACES();
  return openSpace(source.trim(), options, signal, emit);
}
