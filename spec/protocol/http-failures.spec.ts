import { describe, expect, it } from '@jest/globals';
import {
  errorForAppResponse,
  errorForLoginResponse,
  errorForRequestFailure,
} from '../../lib/protocol/http-failures';
import { errorForWhoamiResponse, spaceLookupError } from '../../lib/protocol/hub-failures';

const url = 'http://h/app/config';
const none = { auth: false, token: false };

describe('errorForAppResponse', () => {
  it('reads both Gradio 401 body shapes', () => {
    expect(errorForAppResponse(401, '{"detail":"Not authenticated"}', url, none)).toMatchObject({
      code: 'AUTH_REQUIRED',
    });
    expect(
      errorForAppResponse(
        401,
        '{"detail":{"error":"Not authenticated","auth_message":"hi"}}',
        url,
        none,
      ),
    ).toMatchObject({ code: 'AUTH_REQUIRED', authMessage: 'hi' });
  });

  it('reports LOGIN_FAILED when credentials were given and still refused', () => {
    expect(
      errorForAppResponse(401, '{"detail":"Not authenticated"}', url, { auth: true, token: false }),
    ).toMatchObject({
      code: 'LOGIN_FAILED',
    });
  });

  it('treats a non-JSON 401/403 as a private app, with advice matching what was given', () => {
    const noToken = errorForAppResponse(401, '<html>proxy</html>', url, none);
    expect(noToken).toMatchObject({ code: 'PRIVATE_APP', status: 401 });
    expect(noToken.message).toMatch(/pass \{ hfToken \}/);
    expect(errorForAppResponse(403, '', url, { auth: false, token: true }).message).toMatch(
      /token was refused/,
    );
  });

  it.each([
    [404, 'APP_NOT_FOUND'],
    [429, 'TOO_MANY_REQUESTS'],
    [502, 'SERVER_ERROR'],
    [418, 'BAD_CONFIG'],
  ])('maps HTTP %i to %s', (status, code) => {
    expect(errorForAppResponse(status, '', url, none)).toMatchObject({ code, status, url });
  });
});

describe('errorForRequestFailure: the status table of join, run, upload and download', () => {
  const joinUrl = 'http://h/gradio_api/queue/join';
  const join = (status: number, text = '') =>
    errorForRequestFailure({ route: 'join', status, text, url: joinUrl, endpoint: '/strict' });
  const run = (status: number, text = '') =>
    errorForRequestFailure({ route: 'run', status, text, url: 'http://h/run/x', endpoint: '/x' });
  const upload = (status: number, text = '', maxSize: number | null = null) =>
    errorForRequestFailure({
      route: 'upload',
      status,
      text,
      url: 'http://h/upload',
      file: { name: 'big.bin', size: 2048, maxSize },
    });
  const download = (status: number, text = '') =>
    errorForRequestFailure({ route: 'download', status, text, url: 'http://h/file=/etc/passwd' });

  it("400 on a join or run (a validator that raised) is the app's error, with its message", () => {
    for (const failed of [join, run]) {
      const error = failed(400, '{"detail":"text must not be empty"}');
      expect(error).toMatchObject({
        name: 'AppError',
        code: 'APP_ERROR',
        appMessage: 'text must not be empty',
        title: null,
        status: 400,
      });
      expect(error.message).toMatch(/The app raised an error in \/\w+: text must not be empty/);
    }
    expect(join(400, 'plain words')).toMatchObject({
      code: 'APP_ERROR',
      appMessage: 'plain words',
    });
  });

  it('500 with {error} on a run is the function raising (APP_ERROR), other 500s SERVER_ERROR', () => {
    expect(run(500, '{"error":"boom","title":"Oops"}')).toMatchObject({
      code: 'APP_ERROR',
      appMessage: 'boom',
      title: 'Oops',
      endpoint: '/x',
    });
    expect(run(500, '{"error":null}')).toMatchObject({ code: 'APP_ERROR', appMessage: null });
    expect(join(500, '{"error":"boom"}')).toMatchObject({ code: 'SERVER_ERROR', status: 500 });
  });

  it('401 is AUTH_REQUIRED for Gradio login (with its hint), PRIVATE_APP from a proxy; on every route', () => {
    for (const failed of [join, run, upload, download]) {
      expect(
        failed(401, '{"detail":{"error":"Not authenticated","auth_message":"hi"}}'),
      ).toMatchObject({ name: 'AuthError', code: 'AUTH_REQUIRED', authMessage: 'hi', status: 401 });
      expect(failed(401, '<html>proxy</html>')).toMatchObject({ code: 'PRIVATE_APP', status: 401 });
    }
  });

  it('403 is PRIVATE_APP on every route; a download refused by Gradio says which files it serves', () => {
    for (const failed of [join, run, upload]) {
      const error = failed(403, '<html>no</html>');
      expect(error).toMatchObject({ code: 'PRIVATE_APP', status: 403 });
      expect(error.message).toMatch(/pass \{ hfToken \}/);
    }
    const refused = download(403, '{"detail":"File not allowed: /etc/passwd."}');
    expect(refused).toMatchObject({ name: 'AuthError', code: 'PRIVATE_APP', status: 403 });
    expect(refused.message).toMatch(/refused to serve .*File not allowed: \/etc\/passwd\./);
    expect(refused.message).toMatch(/allowed_paths.*download the FileData an output gave you/);
    expect(download(403, 'proxy says no')).toMatchObject({ code: 'PRIVATE_APP' });
  });

  it('404 is APP_NOT_FOUND on every route', () => {
    for (const failed of [join, run, upload, download])
      expect(failed(404, '{"detail":"Not Found"}')).toMatchObject({
        name: 'AppNotFoundError',
        code: 'APP_NOT_FOUND',
        status: 404,
      });
    expect(download(404).message).toMatch(
      /^Downloading http:\/\/h\/file=\/etc\/passwd failed \(HTTP 404\)/,
    );
    expect(join(404).message).toMatch(/The job for \/strict failed: .*HTTP 404.*connect again/);
  });

  it("413 is UPLOAD_TOO_LARGE: an upload's FileTooLargeError takes the limit from the config, else from the server's text", () => {
    expect(upload(413, 'too big', 1024)).toMatchObject({
      name: 'FileTooLargeError',
      code: 'UPLOAD_TOO_LARGE',
      size: 2048,
      maxSize: 1024,
      status: 413,
    });
    expect(
      upload(413, 'File size exceeded maximum allowed size of 1024 bytes.', null),
    ).toMatchObject({ name: 'FileTooLargeError', maxSize: 1024 });
    expect(upload(413, 'Request Entity Too Large', null)).toMatchObject({ maxSize: null });
    const joinTooLarge = join(413);
    expect(joinTooLarge).toMatchObject({ code: 'UPLOAD_TOO_LARGE', status: 413 });
    expect(joinTooLarge.message).toMatch(/handleFile/);
  });

  it("422 on a join or run is the app's validator (VALIDATION_FAILED, per parameter), else INVALID_ARGUMENTS", () => {
    const body = JSON.stringify({
      detail: [
        { __type__: 'validate', is_valid: false, message: 'say something', parameter_name: 'text' },
        { is_valid: true, message: '' },
      ],
    });
    for (const failed of [join, run])
      expect(failed(422, body)).toMatchObject({
        name: 'ValidationError',
        code: 'VALIDATION_FAILED',
        issues: [{ parameter: 'text', message: 'say something' }],
        status: 422,
      });
    expect(join(422, '{"detail":[{"loc":["body"],"msg":"field required"}]}')).toMatchObject({
      code: 'INVALID_ARGUMENTS',
    });
  });

  it('429 is TOO_MANY_REQUESTS on every route', () => {
    for (const failed of [join, run, upload, download])
      expect(failed(429, 'slow down')).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
  });

  it('503 on a join or run is QUEUE_FULL with the detail; elsewhere SERVER_ERROR', () => {
    const full = join(503, '{"detail":"Queue is full. Max size is 1 and size is 1."}');
    expect(full).toMatchObject({ name: 'QueueFullError', code: 'QUEUE_FULL', status: 503 });
    expect(full.message).toMatch(/Queue is full\. Max size is 1/);
    expect(run(503)).toMatchObject({ code: 'QUEUE_FULL' });
    expect(upload(503)).toMatchObject({ code: 'SERVER_ERROR', status: 503 });
    expect(download(503)).toMatchObject({ code: 'SERVER_ERROR', status: 503 });
  });

  it('other 5xx are SERVER_ERROR on every route, quoting the server for jobs and uploads', () => {
    for (const status of [500, 502, 504]) {
      for (const failed of [join, upload, download])
        expect(failed(status, '{"detail":"broken"}')).toMatchObject({
          code: 'SERVER_ERROR',
          status,
        });
    }
    expect(join(502, '{"detail":"broken"}').message).toBe(
      'The server failed to accept the job for /strict (HTTP 502): broken',
    );
    expect(upload(500, 'broken').message).toMatch(
      /^Uploading "big.bin" failed: the server failed \(HTTP 500\): broken/,
    );
    expect(download(500).message).toMatch(
      /^Downloading http:\/\/h\/file=\/etc\/passwd failed \(HTTP 500\)\./,
    );
  });

  it('other 4xx: UPLOAD_FAILED for an upload (with the text), SERVER_ERROR elsewhere', () => {
    expect(upload(400, 'Unsupported file extension')).toMatchObject({
      code: 'UPLOAD_FAILED',
      status: 400,
    });
    expect(upload(400, 'Unsupported file extension').message).toBe(
      'Uploading "big.bin" failed (HTTP 400): Unsupported file extension',
    );
    expect(download(400)).toMatchObject({ code: 'SERVER_ERROR', status: 400 });
    expect(join(409, '{"detail":"no"}')).toMatchObject({ code: 'SERVER_ERROR', status: 409 });
    expect(join(409, '{"detail":"no"}').message).toBe(
      'The server refused the job for /strict (HTTP 409): no',
    );
  });

  it('carries url, status and endpoint', () => {
    expect(join(429)).toMatchObject({ url: joinUrl, status: 429 });
    expect(join(400)).toMatchObject({ url: joinUrl, endpoint: '/strict' });
  });
});

describe('the hub and login tables', () => {
  it('spaceLookupError: 401/403 PRIVATE_APP, 404 APP_NOT_FOUND, 429, other SERVER_ERROR', () => {
    const hub = 'http://hub/api/spaces/a/b';
    expect(spaceLookupError('a/b', 401, hub, false).message).toMatch(/pass \{ hfToken \}/);
    expect(spaceLookupError('a/b', 403, hub, true)).toMatchObject({
      code: 'PRIVATE_APP',
      status: 403,
    });
    expect(spaceLookupError('a/b', 404, hub, false)).toMatchObject({ code: 'APP_NOT_FOUND' });
    expect(spaceLookupError('a/b', 429, hub, false)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(spaceLookupError('a/b', 500, hub, false)).toMatchObject({ code: 'SERVER_ERROR' });
  });

  it('whoami: a refused token is PRIVATE_APP, anything else the hub failing', () => {
    expect(errorForWhoamiResponse(401, 'http://hub/api/whoami-v2')).toMatchObject({
      code: 'PRIVATE_APP',
    });
    expect(errorForWhoamiResponse(200, 'http://hub/api/whoami-v2')).toMatchObject({
      code: 'SERVER_ERROR',
    });
  });

  it('login: 400/401/403 are LOGIN_FAILED, other statuses read like a refused config', () => {
    for (const status of [400, 401, 403])
      expect(errorForLoginResponse(status, 'http://h', 'http://h/login')).toMatchObject({
        code: 'LOGIN_FAILED',
        status,
      });
    expect(errorForLoginResponse(404, 'http://h', 'http://h/login')).toMatchObject({
      code: 'APP_NOT_FOUND',
    });
    expect(errorForLoginResponse(502, 'http://h', 'http://h/login')).toMatchObject({
      code: 'SERVER_ERROR',
    });
  });
});
