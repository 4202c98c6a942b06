import type { ResolvedConnectOptions } from '../types/options';
import type { DuplicateOptions } from './duplicate';
import { hubHttp, hubUrlOf } from './hub';
import {
  duplicateSpace,
  fetchSpaceInfo,
  fetchUserName,
  findSpace,
  requestHardware,
  setSleepTime,
} from './hub-routes';

/** Creates (or finds) the copy and returns its id. */
export async function ensureCopy(
  source: string,
  options: DuplicateOptions,
  connect: ResolvedConnectOptions,
  signal: AbortSignal,
): Promise<string> {
  const hubUrl = hubUrlOf(connect);
  const http = hubHttp(hubUrl, connect);
  const user = await fetchUserName(http, hubUrl, signal);
  const target = `${user}/${options.name ?? (source.split('/')[1] as string)}`;

  const existing = await findSpace(http, hubUrl, target, signal);
  if (existing) {
    if (options.hardware && options.hardware !== existing.runtime?.hardware?.requested)
      await requestHardware(http, hubUrl, target, options.hardware, signal);
    return target;
  }

  const original = await fetchSpaceInfo(http, hubUrl, source, signal, true);
  const hardware =
    options.hardware ??
    original.runtime?.hardware?.current ??
    original.runtime?.hardware?.requested ??
    'cpu-basic';
  // A 409 means the copy was made meanwhile: it is reused.
  await duplicateSpace(
    http,
    hubUrl,
    source,
    { repository: target, private: options.private ?? true, hardware },
    signal,
  );
  if (options.sleepTimeoutMinutes !== undefined || hardware !== 'cpu-basic') {
    const seconds = Math.round((options.sleepTimeoutMinutes ?? 5) * 60);
    await setSleepTime(http, hubUrl, target, seconds, signal);
  }
  return target;
}
