import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { connect$, isGradioError, onlyClient, type GradioClient } from '../../lib/index';
import { appUrl } from '../support/fixtures';
import { failure } from '../support/failure';

/**
 * A fake peer that speaks like a Gradio app but answers what each spec sets: its config and API
 * description start as copies of a real fixture app's (blocks_app), then get broken on purpose.
 */
interface Peer {
  url: string;
  config: () => string;
  info: () => string;
  /** Frames written on /queue/data after a join; each is one raw chunk. */
  frames: (eventId: string) => string[];
  /** The answer to /queue/join. */
  join: () => { status: number; body: string };
}

/** The Authorization header of the last request: a hostile peer echoes it back. */
let lastAuthorization = '';

let server: Server;
let url = '';
let realConfig: Record<string, unknown>;
/** The peer's API prefix: where the copied config says (Gradio 5+: /gradio_api; 4: the root). */
let api = '';
let realInfo: string;
const peer: Peer = {
  url: '',
  config: () => JSON.stringify({ ...realConfig, root: url }),
  info: () => realInfo,
  frames: () => [],
  join: () => ({ status: 200, body: JSON.stringify({ event_id: 'ev1' }) }),
};

function handle(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', url).pathname;
  lastAuthorization = request.headers.authorization ?? '';
  const send = (status: number, body: string, type = 'application/json') => {
    response.writeHead(status, { 'content-type': type });
    response.end(body);
  };
  if (path === '/config') return send(200, peer.config());
  if (path === `${api}/info`) return send(200, peer.info());
  if (path === `${api}/queue/join`) {
    request.resume();
    const { status, body } = peer.join();
    return send(status, body);
  }
  if (path === `${api}/queue/data`) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const frames = peer.frames('ev1');
    let i = 0;
    const next = () => {
      if (response.destroyed) return;
      if (i === frames.length) return void response.end();
      response.write(frames[i++]);
      setTimeout(next, 5);
    };
    next();
    return;
  }
  if (path === `${api}/cancel`) return send(200, '{}');
  send(404, '{"detail":"Not Found"}');
}

beforeAll(async () => {
  realConfig = (await (await fetch(`${appUrl('blocks_app')}/config`)).json()) as Record<
    string,
    unknown
  >;
  api = String(realConfig.api_prefix ?? '');
  realInfo = await (await fetch(`${appUrl('blocks_app')}${api}/info?all_endpoints=true`)).text();
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const reset = () => {
  peer.config = () => JSON.stringify({ ...realConfig, root: url });
  peer.info = () => realInfo;
  peer.frames = () => [];
  peer.join = () => ({ status: 200, body: JSON.stringify({ event_id: 'ev1' }) });
};
const TOKEN = 'hf_SecretTokenThatMustNeverLeak123';
const connect = (): Promise<GradioClient> =>
  firstValueFrom(connect$(url, { streamIdleTimeout: 2000, hfToken: TOKEN }).pipe(onlyClient()));
const frame = (body: unknown) =>
  `data: ${typeof body === 'string' ? body : JSON.stringify(body)}\n\n`;
const completed = (eventId: string) =>
  frame({
    msg: 'process_completed',
    event_id: eventId,
    output: { data: [3], is_generating: false },
    success: true,
  });

describe('a hostile or broken peer gets typed errors, never a crash or a hang', () => {
  const badConfigs: [string, () => string][] = [
    ['not JSON', () => '<html>hello</html>'],
    ['a JSON array', () => '[1, 2, 3]'],
    ['JSON without components or dependencies', () => JSON.stringify({ version: '6.0.0' })],
    [
      'dependencies of the wrong type',
      () => JSON.stringify({ ...realConfig, root: url, dependencies: 'x' }),
    ],
    ['a truncated body', () => JSON.stringify(realConfig).slice(0, 100)],
  ];
  it.each(badConfigs)('config that is %s: BAD_CONFIG', async (_name, body) => {
    reset();
    peer.config = body;
    const error = await failure(connect());
    expect(isGradioError(error)).toBe(true);
    expect((error as { code: string }).code).toMatch(/^(BAD_CONFIG|UNSUPPORTED_PROTOCOL)$/);
  });

  it.each([
    ['not JSON', 'nope'],
    ['without named_endpoints', '{"unnamed_endpoints":{}}'],
  ])('API description that is %s: BAD_CONFIG', async (_name, body) => {
    reset();
    peer.info = () => body;
    const error = await failure(connect());
    expect(isGradioError(error, 'BAD_CONFIG')).toBe(true);
  });

  it.each([
    ['not JSON', 'data: {not json\n\n'],
    ['a JSON number', 'data: 42\n\n'],
    ['a JSON string', 'data: "process_completed"\n\n'],
  ])('an event that is %s fails the job with PROTOCOL_ERROR', async (_name, bad) => {
    reset();
    peer.frames = () => [frame({ msg: 'estimation', event_id: 'ev1', rank: 0 }), bad];
    const client = await connect();
    const error = await failure(firstValueFrom(client.predict$('/add', [1, 2])));
    expect(isGradioError(error, 'PROTOCOL_ERROR')).toBe(true);
    await client.close();
  });

  it('unknown message types and unknown fields are skipped; the job still completes', async () => {
    reset();
    peer.frames = (id) => [
      frame({ msg: 'from_the_future', event_id: id, whatever: [1, 2] }),
      frame({ msg: 'process_starts', event_id: id, eta: 'soon', extra: { deep: true } }),
      frame({ msg: 'heartbeat' }),
      completed(id),
      frame({ msg: 'close_stream' }),
    ];
    const client = await connect();
    expect(await firstValueFrom(client.predict$('/add', [1, 2]))).toEqual([3]);
    await client.close();
  });

  it('an oversized event fails the job with PROTOCOL_ERROR instead of buffering it', async () => {
    reset();
    const chunk = `data: ${'x'.repeat(1024 * 1024)}`;
    peer.frames = () => Array.from({ length: 70 }, () => chunk);
    const client = await connect();
    const error = await failure(firstValueFrom(client.predict$('/add', [1, 2])));
    expect(isGradioError(error, 'PROTOCOL_ERROR')).toBe(true);
    expect((error as Error).message).toMatch(/larger than the limit/);
    await client.close();
  }, 30_000);

  it('a stream that ends without the result fails with CONNECTION_LOST, never completes', async () => {
    reset();
    peer.frames = (id) => [frame({ msg: 'process_starts', event_id: id })];
    const client = await connect();
    const events = lastValueFrom(client.submit$('/add', [1, 2]).pipe(toArray()));
    const error = await failure(events);
    expect(isGradioError(error, 'CONNECTION_LOST')).toBe(true);
    await client.close();
  });

  it('a failure with a non-string error and odd fields is still an APP_ERROR', async () => {
    reset();
    peer.frames = (id) => [
      frame({
        msg: 'process_completed',
        event_id: id,
        success: false,
        output: { error: { nested: 'object' }, title: 7 },
      }),
    ];
    const client = await connect();
    const error = await failure(firstValueFrom(client.predict$('/add', [1, 2])));
    expect(isGradioError(error)).toBe(true);
    await client.close();
  });
});

describe('a join refused with a status no fixture server sends is typed by the status table', () => {
  it.each([
    [403, '<html>proxy says no</html>', 'PRIVATE_APP'],
    [404, '<html>Space not found</html>', 'APP_NOT_FOUND'],
    [413, '<html>Request Entity Too Large</html>', 'UPLOAD_TOO_LARGE'],
    [502, '<html>Bad Gateway</html>', 'SERVER_ERROR'],
  ])('HTTP %i (%s) is %s', async (status, body, code) => {
    reset();
    peer.join = () => ({ status, body });
    const client = await connect();
    const error = await failure(firstValueFrom(client.predict$('/add', [1, 2])));
    expect(error).toMatchObject({ code, status });
    await client.close();
  });
});

describe('secrets never appear in errors, even when a server echoes them back', () => {
  const leaks = (error: unknown) =>
    [String((error as Error).message), JSON.stringify(error), String(error)].some((text) =>
      text.includes(TOKEN),
    );

  it('in a refused join (HTTP 500 quoting the request headers)', async () => {
    reset();
    peer.join = () => ({
      status: 500,
      body: JSON.stringify({ detail: `bad ${lastAuthorization}` }),
    });
    const client = await connect();
    const error = await failure(firstValueFrom(client.predict$('/add', [1, 2])));
    expect(isGradioError(error, 'SERVER_ERROR')).toBe(true);
    expect((error as Error).message).toContain('[redacted]');
    expect(leaks(error)).toBe(false);
    await client.close();
  });

  it('in a server failure event and in a malformed event', async () => {
    for (const bad of [
      (auth: string) => frame({ msg: 'unexpected_error', message: `oops ${auth}`, success: false }),
      (auth: string) => `data: {broken ${auth}\n\n`,
    ]) {
      reset();
      peer.frames = () => [bad(lastAuthorization)];
      const client = await connect();
      const error = await failure(firstValueFrom(client.predict$('/add', [1, 2])));
      expect(isGradioError(error)).toBe(true);
      expect(leaks(error)).toBe(false);
      await client.close();
    }
  });

  it('in a refused config', async () => {
    // A 403 whose body quotes the token.
    const server403 = createServer((request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ detail: `refused ${request.headers.authorization ?? ''}` }));
    });
    await new Promise<void>((r) => server403.listen(0, '127.0.0.1', r));
    const address = server403.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await failure(
        firstValueFrom(connect$(`http://127.0.0.1:${port}`, { hfToken: TOKEN }).pipe(onlyClient())),
      );
      expect(isGradioError(error, 'PRIVATE_APP')).toBe(true);
      expect(leaks(error)).toBe(false);
    } finally {
      await new Promise<void>((r) => server403.close(() => r()));
    }
  });
});
