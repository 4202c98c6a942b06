import { describe, expect, it } from '@jest/globals';
import { errorForAppResponse } from '../../lib/protocol/http-failures';

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
