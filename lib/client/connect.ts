import type { Observable } from 'rxjs';
import { connection$ } from './connection';
import type { ConnectEvent } from './gradio-client';
import type { ConnectOptions } from '../types/options';
import { openSource } from './open-source';
import { resolveConnectOptions } from './resolve-connect-options';

/**
 * Connects to a Gradio app and emits `{ type: 'connected', client }`, then completes.
 *
 * Cold: nothing is requested until you subscribe, and each subscription connects anew (share the
 * result with `shareReplay(1)` if several consumers need one client). Unsubscribing before it
 * emits aborts the HTTP requests in flight.
 *
 * `source` is the app's URL (with or without a trailing slash, including any sub-path it is
 * mounted at) or a Hugging Face Space id (`owner/name`). For a Space, the hub (`hubUrl`, default
 * `HF_ENDPOINT` or huggingface.co) resolves its host; while the Space sleeps, builds or starts,
 * `connect$` emits `{ type: 'status', stage, ... }` events and waits with backoff (`spaceWait`),
 * waking a sleeping Space. Errors are typed ({@link GradioError}): `APP_NOT_FOUND`,
 * `APP_UNREACHABLE`, `AUTH_REQUIRED`, `LOGIN_FAILED`, `PRIVATE_APP`, `BAD_CONFIG`,
 * `UNSUPPORTED_PROTOCOL`, `SPACE_ERROR`, `TOO_MANY_REQUESTS`, `SERVER_ERROR`, and
 * `CONNECTION_LOST` when a part of gradio-rx loaded on first use (the Space-id path, the login,
 * the reading of a refusal) cannot be loaded.
 *
 * @example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { connect$, formatApi, onlyClient } from 'gradio-rx';
 *
 * const client = await firstValueFrom(
 *   connect$('http://127.0.0.1:7860', { auth: ['ada', 'lovelace'] }).pipe(onlyClient()),
 * );
 *
 * connect$('abidlabs/whisper', { hfToken }).subscribe((event) => {
 *   if (event.type === 'status') console.log(`Space is ${event.stage}`);
 *   else useClient(event.client);
 * });
 * console.log(formatApi(client.viewApi()));
 * ```
 */
export function connect$(source: string, options: ConnectOptions = {}): Observable<ConnectEvent> {
  return connection$(
    (signal, emit) => openSource(source, resolveConnectOptions(options), signal, emit),
    options.signal,
  );
}
