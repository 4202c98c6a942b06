import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import {
  connect$,
  handleFile,
  onlyClient,
  type ConnectOptions,
  type FileData,
  type GradioClient,
} from '../../lib/index';
import { uploadFile } from '../../lib/client/upload-route';
import { appUrl, pinnedGradioVersion, uploadStats, uploadTag } from '../support/fixtures';
import { failure } from '../support/failure';

/**
 * Each HTTP status a real Gradio server answers a join, upload or download with, and the typed
 * error it becomes (the table is lib/protocol/http-failures.ts; statuses no real server sends are
 * in its unit spec).
 */

const connect = (module: string, options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl(module), options).pipe(onlyClient()));

/** Validators (`validator=`) exist from Gradio 5.45: they refuse the join itself. */
const hasValidators = (): boolean => {
  const [major, minor] = pinnedGradioVersion().split('.').map(Number) as [number, number];
  return major > 5 || (major === 5 && minor >= 45);
};

const FILE_FIXTURE = { meta: { _type: 'gradio.FileData' } } as const;

describe('a refused join (real Gradio validators)', () => {
  it("400 from a validator that raises is the app's error with its message", async () => {
    const client = await connect('jobs_app');
    const error = await failure(firstValueFrom(client.predict$('/strict', [''])));
    if (hasValidators()) {
      // The validator raised ValueError: the join answers 400 {"detail": "<its text>"}.
      expect(error).toMatchObject({
        name: 'AppError',
        code: 'APP_ERROR',
        appMessage: 'text must not be empty',
        status: 400,
        endpoint: '/strict',
      });
    } else {
      // Gradio 4.44 has no validators: the function itself raises, and the event stream says so.
      expect(error).toMatchObject({ name: 'AppError', code: 'APP_ERROR', endpoint: '/strict' });
      expect((error as Error).message).toContain('text must not be empty');
    }
    expect(await firstValueFrom(client.predict$('/strict', ['ok']))).toEqual(['ok']);
    await client.close();
  });

  it('422 from a validator that returns gr.validate(False, ...) is VALIDATION_FAILED per parameter', async () => {
    const client = await connect('jobs_app');
    const outcome = firstValueFrom(client.predict$('/checked', ['']));
    if (hasValidators()) {
      expect(await failure(outcome)).toMatchObject({
        name: 'ValidationError',
        code: 'VALIDATION_FAILED',
        issues: [{ parameter: 'text', message: 'say something' }],
        status: 422,
      });
    } else {
      // Gradio 4.44 has no validators: nothing refuses the job.
      expect(await outcome).toEqual(['']);
    }
    await client.close();
  });

  it('401 once the login is gone (the cookie dropped) is AUTH_REQUIRED', async () => {
    const client = await connect('auth_app', { auth: ['ada', 'lovelace'] });
    // The login's cookie was kept (in the jar loaded for it); dropping it logs the client out.
    expect(client.http.cookies).not.toBeNull();
    client.http.cookies?.clear();
    const error = await failure(firstValueFrom(client.predict$('/predict', ['x'])));
    expect(error).toMatchObject({ name: 'AuthError', code: 'AUTH_REQUIRED', status: 401 });
    expect((error as Error).message).toMatch(/auth: \[username, password\]/);
    await client.close();
  });
});

describe('a refused upload (real Gradio upload route)', () => {
  it("413 over max_file_size, when the client did not know the limit, is UPLOAD_TOO_LARGE with the server's limit", async () => {
    // A proxy that hides max_file_size from the config: the client cannot check first, so the
    // file reaches the server, which refuses it.
    const hideLimit: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = typeof input === 'object' && 'url' in input ? input.url : String(input);
      if (!new URL(url).pathname.endsWith('/config')) return response;
      const config = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...config, max_file_size: null });
    };
    const tag = uploadTag();
    const client = await connect('limited_app', {
      fetch: hideLimit,
      headers: { 'x-spec-tag': tag },
    });
    expect(client.config.max_file_size).toBeNull();
    const before = (await uploadStats('limited_app', tag)).opened;
    // Well over the 1 KB limit: Gradio 4.44 checks the size it has flushed to disk, so a file just
    // over the limit (2 KB) still passes there (it sits in the write buffer); 6.x and 5.x refuse
    // at the first byte over.
    const error = await failure(
      firstValueFrom(
        client.predict$('/size', [handleFile(randomBytes(20_000), { name: 'big.bin' })]),
      ),
    );
    expect(error).toMatchObject({
      name: 'FileTooLargeError',
      code: 'UPLOAD_TOO_LARGE',
      status: 413,
      size: 20_000,
      // Read from the server's text ("... maximum allowed size of 1024 bytes").
      maxSize: 1024,
    });
    expect((error as Error).message).toMatch(/big\.bin.*larger than the app accepts/);
    expect((await uploadStats('limited_app', tag)).opened).toBe(before + 1);
    await client.close();
  });

  it('401 once the login is gone is AUTH_REQUIRED', async () => {
    // The auth app has no file input: the upload route is called directly, as a job would.
    const client = await connect('auth_app', { auth: ['ada', 'lovelace'] });
    // The login's cookie was kept (in the jar loaded for it); dropping it logs the client out.
    expect(client.http.cookies).not.toBeNull();
    client.http.cookies?.clear();
    const error = await failure(
      uploadFile(
        client.http,
        client.apiUrl,
        { name: 'a.txt', mimeType: 'text/plain', blob: new Blob(['a']), size: 1, maxSize: null },
        new AbortController().signal,
        () => undefined,
      ),
    );
    expect(error).toMatchObject({ code: 'AUTH_REQUIRED', status: 401 });
    await client.close();
  });
});

describe('a refused download (real Gradio file route)', () => {
  it('403 for a path the app does not serve is PRIVATE_APP, saying which files Gradio serves', async () => {
    const client = await connect('files_app');
    const error = await failure(
      lastValueFrom(client.download$({ ...FILE_FIXTURE, path: '/etc/passwd' } as FileData)),
    );
    expect(error).toMatchObject({ name: 'AuthError', code: 'PRIVATE_APP', status: 403 });
    // Every line answers {"detail": "File not allowed: <path>."}, also for a file that does not exist.
    expect((error as Error).message).toMatch(
      /refused to serve .*File not allowed: \/etc\/passwd\./,
    );
    expect((error as Error).message).toMatch(/download the FileData an output gave you/);
    const missing = await failure(
      lastValueFrom(
        client.download$({ ...FILE_FIXTURE, path: '/tmp/gradio-rx-no-such-file.png' } as FileData),
      ),
    );
    expect(missing).toMatchObject({ code: 'PRIVATE_APP', status: 403 });
    await client.close();
  });

  it('404 for a URL the app has no route for is APP_NOT_FOUND', async () => {
    const client = await connect('files_app');
    const error = await failure(
      lastValueFrom(client.download$(`${client.apiUrl}/no-such-route/file.png`)),
    );
    expect(error).toMatchObject({ name: 'AppNotFoundError', code: 'APP_NOT_FOUND', status: 404 });
    expect((error as Error).message).toMatch(/failed \(HTTP 404\): the app has no file there/);
    await client.close();
  });

  it('401 once the login is gone is AUTH_REQUIRED', async () => {
    const client = await connect('auth_app', { auth: ['ada', 'lovelace'] });
    // The login's cookie was kept (in the jar loaded for it); dropping it logs the client out.
    expect(client.http.cookies).not.toBeNull();
    client.http.cookies?.clear();
    const error = await failure(
      lastValueFrom(client.download$({ ...FILE_FIXTURE, path: '/etc/passwd' } as FileData)),
    );
    expect(error).toMatchObject({ code: 'AUTH_REQUIRED', status: 401 });
    await client.close();
  });
});
