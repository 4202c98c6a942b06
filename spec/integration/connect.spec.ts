import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  formatApi,
  connect$,
  isGradioError,
  onlyClient,
  type ConnectOptions,
  type GradioClient,
} from '../../lib/index';
import { apiPrefix, appUrl, gradioMajor, pinnedGradioVersion } from '../support/fixtures';
import { recordingFetch } from '../support/recording-fetch';
import { startStallServer } from '../support/stall-server';
import { failure } from '../support/failure';

const connect = (url: string, options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(url, options).pipe(onlyClient()));

const failureOf = (url: string, options?: ConnectOptions): Promise<unknown> =>
  failure(connect(url, options));

describe('connect$ to a Gradio app by URL (real Gradio server)', () => {
  it('emits one connected event with a ready client, then completes', async () => {
    const events = await lastValueFrom(connect$(appUrl('predict_app')).pipe(toArray()));
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('connected');
    expect(events[0]?.type === 'connected' && events[0].client.version).toBe(pinnedGradioVersion());
  });

  it('connects to an app at the server root, with and without a trailing slash', async () => {
    const bare = await connect(appUrl('predict_app'));
    const slashed = await connect(`${appUrl('predict_app')}/`);
    expect(slashed.url).toBe(bare.url);
    expect(bare.url).toBe(appUrl('predict_app'));
    expect(Object.keys(bare.viewApi().namedEndpoints)).toEqual(['/predict']);
  });

  it("connects to an app mounted at a sub-path and uses the app's API prefix", async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect(`${appUrl('blocks_app')}/`, { fetch });
    expect(client.url).toBe(appUrl('blocks_app'));
    expect(client.apiUrl).toBe(`${appUrl('blocks_app')}${apiPrefix()}`);
    // The Gradio 5+ prefix is guessed in parallel with /config; on Gradio 4 that guess is wasted
    // and the description is then read from the config's own location.
    const expected = [
      `GET ${appUrl('blocks_app')}/config`,
      `GET ${appUrl('blocks_app')}/gradio_api/info?all_endpoints=true`,
    ];
    if (!apiPrefix()) expected.push(`GET ${appUrl('blocks_app')}/info?all_endpoints=true`);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(expected);
  });

  it('exposes the raw config', async () => {
    const client = await connect(appUrl('blocks_app'));
    expect(client.config.protocol).toBe('sse_v3');
    expect(client.config.api_prefix).toBe(apiPrefix() || undefined);
    expect(Array.isArray(client.config.dependencies)).toBe(true);
  });
});

describe('viewApi (real Gradio server)', () => {
  it('describes named endpoints with parameters, defaults and returns', async () => {
    const client = await connect(appUrl('blocks_app'));
    const api = client.viewApi();
    expect(Object.keys(api.namedEndpoints)).toEqual(['/add', '/upper', '/describe']);
    const add = api.namedEndpoints['/add'];
    expect(add?.fnIndex).toBe(0);
    expect(add?.parameters.map((p) => [p.name, p.component, p.hasDefault, p.default])).toEqual([
      ['a', 'Number', false, undefined],
      ['b', 'Number', true, 2],
    ]);
    expect(add?.returns.map((r) => [r.label, r.component, r.type])).toEqual([
      ['sum', 'Number', { type: 'number' }],
    ]);
    const describeEndpoint = api.namedEndpoints['/describe'];
    expect(describeEndpoint?.parameters.map((p) => p.name)).toEqual([
      'name',
      'greeting',
      'times',
      'punctuation',
    ]);
    expect(describeEndpoint?.parameters[1]).toMatchObject({ hasDefault: true, default: 'Hello' });
  });

  it('leaves hidden endpoints out: private never, undocumented only with { all: true }', async () => {
    const client = await connect(appUrl('blocks_app'));
    const names = Object.keys(client.viewApi().namedEndpoints);
    expect(names).not.toContain('/secret');
    expect(names).not.toContain('/undocumented');
    const all = Object.keys(client.viewApi({ all: true }).namedEndpoints);
    expect(all).toContain('/undocumented');
    expect(all).not.toContain('/secret');
    expect(formatApi(client.viewApi())).not.toMatch(/secret|undocumented/);
  });

  it('renders a readable text page with calls a user can paste', async () => {
    const client = await connect(appUrl('blocks_app'));
    const text = formatApi(client.viewApi());
    expect(text).toContain(
      `API of ${appUrl('blocks_app')} (Gradio ${pinnedGradioVersion()}): 3 endpoints`,
    );
    expect(text).toContain("client.predict$('/add', { a: 3, b: 2 })");
    expect(text).toContain('b: number  (Number, default 2)');
    expect(text).toContain('[0] sum: number  (Number)');
    // The format option of earlier releases is refused, not ignored (plain JavaScript callers).
    const legacy = failure(
      Promise.resolve().then(() => client.viewApi({ format: 'text' } as { all?: boolean })),
    );
    expect(isGradioError(await legacy, 'INVALID_ARGUMENTS')).toBe(true);
    expect(((await legacy) as Error).message).toContain('formatApi(client.viewApi())');
  });
});

describe('endpoint lookup', () => {
  it('rejects an unknown name or index before any request, listing the valid names', async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect(appUrl('blocks_app'), { fetch });
    const before = requests.length;
    expect(() => client.endpoint('/nope')).toThrow(
      /no endpoint "\/nope".*"\/add", "\/upper", "\/describe", "\/undocumented"/,
    );
    expect(() => client.endpoint(99)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_ENDPOINT', endpoint: 99 }),
    );
    expect(requests.length).toBe(before);
  });

  it('finds endpoints by name with or without the slash, and by fn index', async () => {
    const client = await connect(appUrl('blocks_app'));
    expect(client.endpoint('/add').fnIndex).toBe(0);
    expect(client.endpoint('upper').fnIndex).toBe(1);
    expect(client.endpoint(2).name).toBe('/describe');
    expect(client.endpoint('/undocumented').visibility).toBe('undocumented');
  });

  it('refuses a private endpoint by name and by index', async () => {
    const client = await connect(appUrl('blocks_app'));
    // Gradio 6 keeps a private endpoint's name; before, hiding it (api_name=False) removed the name.
    expect(() => client.endpoint('/secret')).toThrow(
      expect.objectContaining({
        code: gradioMajor() >= 6 ? 'PRIVATE_ENDPOINT' : 'UNKNOWN_ENDPOINT',
      }),
    );
    expect(() => client.endpoint(3)).toThrow(expect.objectContaining({ code: 'PRIVATE_ENDPOINT' }));
  });
});

describe('Gradio login (real app behind auth)', () => {
  it('logs in, keeps the cookie, and loads the protected config and API', async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect(appUrl('auth_app'), { auth: ['ada', 'lovelace'], fetch });
    expect(Object.keys(client.viewApi().namedEndpoints)).toEqual(['/predict']);
    expect(requests[0]).toMatchObject({ method: 'POST', url: `${appUrl('auth_app')}/login` });
    expect(requests[1]?.headers.cookie).toMatch(/access-token/);
    expect(requests[2]?.headers.cookie).toMatch(/access-token/);
  });

  it('fails with LOGIN_FAILED on a wrong password', async () => {
    const error = await failureOf(appUrl('auth_app'), { auth: ['ada', 'wrong'] });
    expect(isGradioError(error, 'LOGIN_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/username or password/);
  });

  it("fails with AUTH_REQUIRED and the app's own message without credentials", async () => {
    const error = await failureOf(appUrl('auth_app'));
    expect(error).toMatchObject({
      code: 'AUTH_REQUIRED',
      status: 401,
      // Gradio 4 answers a bare `{"detail": "Not authenticated"}`, without the app's message.
      authMessage: gradioMajor() >= 5 ? 'Log in as the fixture user.' : undefined,
    });
    expect((error as Error).message).toMatch(/auth: \[username, password\]/);
  });

  it('two clients keep separate logins', async () => {
    const { fetch, requests } = recordingFetch();
    await connect(appUrl('auth_app'), { auth: ['ada', 'lovelace'] });
    const error = await failureOf(appUrl('auth_app'), { fetch });
    expect(isGradioError(error, 'AUTH_REQUIRED')).toBe(true);
    expect(requests.every((r) => r.headers.cookie === undefined)).toBe(true);
  });
});

describe('hfToken', () => {
  it('is sent as a bearer token on every request to the app origin', async () => {
    const { fetch, requests } = recordingFetch();
    await connect(appUrl('blocks_app'), { hfToken: 'hf_test_token', fetch });
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests)
      expect(request.headers.authorization).toBe('Bearer hf_test_token');
  });

  it('is not sent to another origin that the server names as its root', async () => {
    const origin = new URL(appUrl('predict_app')).origin;
    const { fetch, requests } = recordingFetch();
    // The same app reached through "localhost" is another origin than 127.0.0.1 for credentials.
    const client = await connect(appUrl('predict_app').replace('127.0.0.1', 'localhost'), {
      hfToken: 'hf_x',
      fetch,
    });
    expect(client.url.startsWith(origin)).toBe(false);
    expect(requests.every((r) => new URL(r.url).hostname === 'localhost')).toBe(true);
  });
});

describe('connect failures are typed and bounded', () => {
  it('errors with APP_UNREACHABLE quickly when nothing listens on the port', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const address = probe.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((r) => probe.close(() => r()));
    const started = Date.now();
    const error = await failureOf(`http://127.0.0.1:${port}`);
    expect(isGradioError(error, 'APP_UNREACHABLE')).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reconnects over a fresh socket when the server closed an idle keep-alive one', async () => {
    // Uvicorn closes idle keep-alive sockets after 5 s. With the event loop blocked past that, the
    // pooled socket is still reused and fails with "other side closed" before any response.
    (await connect(appUrl('predict_app'))).close();
    const until = Date.now() + 5500;
    while (Date.now() < until) {
      // Busy-wait on purpose: a blocked event loop, as in a script doing heavy sync work.
    }
    const client = await connect(appUrl('predict_app'));
    expect(client.viewApi().namedEndpoints['/predict']).toBeDefined();
    await client.close();
  }, 20_000);

  it('errors with APP_UNREACHABLE when the server hangs past the timeout', async () => {
    const stall = await startStallServer();
    try {
      const error = await failureOf(stall.url, { timeout: 300 });
      expect(error).toMatchObject({ code: 'APP_UNREACHABLE' });
      expect((error as Error).message).toMatch(/did not answer within 300 ms/);
    } finally {
      await stall.close();
    }
  });

  it('errors with APP_NOT_FOUND for a path where no app is mounted', async () => {
    const error = await failureOf(`${appUrl('blocks_app')}/not-here`);
    expect(error).toMatchObject({ code: 'APP_NOT_FOUND', status: 404 });
  });

  it('errors with APP_NOT_FOUND for a source that is not a URL, before any request', async () => {
    const { fetch, requests } = recordingFetch();
    const error = await failureOf('ftp://example.invalid/app', { fetch });
    expect(isGradioError(error, 'APP_NOT_FOUND')).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it('aborts the HTTP request in flight when unsubscribed during connect', async () => {
    const stall = await startStallServer();
    try {
      const subscription = connect$(stall.url, { timeout: false }).subscribe();
      // Two requests are in flight: /config and, guessed in parallel, /gradio_api/info.
      while (stall.accepted() < 2) await new Promise((r) => setTimeout(r, 10));
      subscription.unsubscribe();
      await stall.closedByClient(2);
      expect(stall.accepted()).toBe(2);
    } finally {
      await stall.close();
    }
  });

  it("aborts when the caller's AbortSignal fires", async () => {
    const stall = await startStallServer();
    try {
      const controller = new AbortController();
      const errors: unknown[] = [];
      connect$(stall.url, { timeout: false, signal: controller.signal }).subscribe({
        error: (e) => errors.push(e),
      });
      while (stall.accepted() === 0) await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      await stall.closedByClient(1);
      await new Promise((r) => setTimeout(r, 20));
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).name).toBe('AbortError');
    } finally {
      await stall.close();
    }
  });
});

describe('unsupported protocol', () => {
  it('rejects a Gradio 3 (websocket) app with UNSUPPORTED_PROTOCOL', async () => {
    // A peer that serves a Gradio 3 config: no real Gradio 3 server is installable next to Gradio 6.
    const legacy = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({ version: '3.50.2', mode: 'blocks', components: [], dependencies: [] }),
      );
    });
    await new Promise<void>((r) => legacy.listen(0, '127.0.0.1', r));
    const address = legacy.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await failureOf(`http://127.0.0.1:${port}`);
      expect(error).toMatchObject({
        code: 'UNSUPPORTED_PROTOCOL',
        protocol: 'ws',
        version: '3.50.2',
      });
      expect((error as Error).message).toMatch(/Gradio 4\.9 or later/);
    } finally {
      await new Promise<void>((r) => legacy.close(() => r()));
    }
  });
});
