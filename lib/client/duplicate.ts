import { throwError, type Observable } from 'rxjs';
import { connection$ } from './connection';
import { ArgumentError } from '../errors/call-errors';
import type { GradioError } from '../errors/gradio-error';
import { isSpaceId } from '../protocol/space-id';
import type { ConnectEvent } from './gradio-client';
import type { ConnectOptions } from '../types/options';
import { SPACE_HARDWARE, type SpaceHardware } from '../types/space';
import { DUPLICATING } from './lazy';
import { openSource } from './open-source';
import { resolveConnectOptions } from './resolve-connect-options';

/** Options of {@link duplicate$}: connect options plus what the copy should be. */
export interface DuplicateOptions extends ConnectOptions {
  /** Required: the copy is made in this token's account. */
  hfToken: string;
  /**
   * Make the copy private.
   * @default true
   */
  private?: boolean;
  /**
   * Hardware for the copy.
   * @default the original's hardware, else "cpu-basic"
   */
  hardware?: SpaceHardware;
  /**
   * Minutes of inactivity after which the copy sleeps. Set for paid hardware only unless given.
   * @default 5 on paid hardware
   */
  sleepTimeoutMinutes?: number;
  /**
   * Name of the copy in your account.
   * @default the original's name
   */
  name?: string;
}

function validate(source: string, options: DuplicateOptions): GradioError | null {
  if (!options?.hfToken)
    return new ArgumentError(
      "duplicate$ needs { hfToken }: the copy is created in that token's account.",
    );
  if (!isSpaceId(source))
    return new ArgumentError(`"${source}" is not a Space id; duplicate$ takes "owner/name".`);
  if (options.hardware !== undefined && !SPACE_HARDWARE.includes(options.hardware)) {
    return new ArgumentError(
      `Unknown hardware "${options.hardware}". Use one of: ${SPACE_HARDWARE.join(', ')}.`,
    );
  }
  if (options.name !== undefined && !/^[a-zA-Z0-9_\-.]+$/.test(options.name))
    return new ArgumentError(`"${options.name}" is not a valid Space name.`);
  if (options.sleepTimeoutMinutes !== undefined && !(options.sleepTimeoutMinutes > 0)) {
    return new ArgumentError('sleepTimeoutMinutes must be a positive number of minutes.');
  }
  return null;
}

/**
 * Duplicates a Space into your account (or reuses your copy if it exists), requests its hardware
 * and sleep timeout, waits while the copy builds (emitting Space status events), then emits the
 * connected client, like {@link connect$}. Without `hfToken`, or with an unknown hardware name, it
 * errors before any request. Cold; unsubscribing aborts.
 *
 * @example
 * ```ts
 * duplicate$('abidlabs/whisper', { hfToken, hardware: 't4-small', private: true }).subscribe((event) => {
 *   if (event.type === 'status') console.log(event.stage);
 *   else event.client.predict$('/predict', [audio]).subscribe(console.log);
 * });
 * ```
 */
export function duplicate$(source: string, options: DuplicateOptions): Observable<ConnectEvent> {
  const invalid = validate(source, options);
  if (invalid) return throwError(() => invalid);
  return connection$((signal, emit) => {
    const connect = resolveConnectOptions(options);
    // The hub calls come only when a copy is made.
    return DUPLICATING()
      .then(({ ensureCopy }) => ensureCopy(source.trim(), options, connect, signal))
      .then((target) => openSource(target, connect, signal, emit));
  }, options.signal);
}
