import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, lastValueFrom, tap, toArray } from 'rxjs';
import {
  connect$,
  duplicate$,
  isGradioError,
  type ConnectEvent,
  type ConnectOptions,
  onlyClient,
  type FileData,
  type GradioClient,
} from '../../lib/index';
import { apiPrefix, appUrl } from '../support/fixtures';
import type { HubLogEntry, SpaceScript } from '../support/hub-server';
import { TEST_USER, VALID_TOKEN } from '../support/hub-server';
import { recordingFetch } from '../support/recording-fetch';
import { failure } from '../support/failure';

const hub = () => appUrl('hub');
const fast: ConnectOptions['spaceWait'] = { initialDelay: 10, maxDelay: 40, timeout: 10_000 };
let counter = 0;
const uniqueId = (name: string) => `owner${Date.now() % 100000}/${name}-${counter++}`;

async function scriptSpace(
  script: Omit<SpaceScript, 'target'> & { target?: string },
): Promise<string> {
  await fetch(`${hub()}/__test/spaces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ target: appUrl('predict_app'), ...script }),
  });
  return script.id;
}

async function hubLog(space: string): Promise<HubLogEntry[]> {
  return (await (await fetch(`${hub()}/__test/log?space=${space}`)).json()) as HubLogEntry[];
}

const clientOf = (events: ConnectEvent[]): GradioClient => {
  const last = events.at(-1);
  if (last?.type !== 'connected') throw new Error('no client');
  return last.client;
};
const stages = (events: ConnectEvent[]) =>
  events.flatMap((e) => (e.type === 'status' ? [e.stage] : []));
describe('connect$ by Space id (local hub + real Gradio app)', () => {
  it('resolves a running Space through the hub and calls it', async () => {
    const id = await scriptSpace({ id: uniqueId('running') });
    const events = await lastValueFrom(
      connect$(id, { hubUrl: hub(), spaceWait: fast }).pipe(toArray()),
    );
    expect(stages(events)).toEqual(['running']);
    expect(events[0]).toMatchObject({
      type: 'status',
      space: id,
      hubStage: 'RUNNING',
      hardware: 'cpu-basic',
    });
    const client = clientOf(events);
    expect(client.url).toBe(`${hub()}/proxy/${id}`);
    expect(await firstValueFrom(client.predict$('/predict', ['Space']))).toEqual(['Hello, Space!']);
    await client.close();
  });

  it('wakes a sleeping Space and reports sleeping, building, starting, running in order', async () => {
    const id = await scriptSpace({
      id: uniqueId('sleepy'),
      stages: ['SLEEPING', 'BUILDING', 'BUILDING', 'APP_STARTING', 'RUNNING'],
    });
    const events = await lastValueFrom(
      connect$(id, { hubUrl: hub(), spaceWait: fast }).pipe(toArray()),
    );
    expect(stages(events)).toEqual(['sleeping', 'building', 'starting', 'running']);
    const log = await hubLog(id);
    expect(log.filter((e) => e.path === `/proxy/${id}/config`).length).toBeGreaterThanOrEqual(2); // the wake-up, then the real connect
    const client = clientOf(events);
    expect(await firstValueFrom(client.predict$('/predict', ['awake']))).toEqual(['Hello, awake!']);
    await client.close();
  });

  it('ends with a typed SPACE_ERROR naming the stage when the build fails', async () => {
    const id = await scriptSpace({ id: uniqueId('broken'), stages: ['BUILDING', 'BUILD_ERROR'] });
    const seen: ConnectEvent[] = [];
    const error = await failure(
      lastValueFrom(
        connect$(id, { hubUrl: hub(), spaceWait: fast }).pipe(tap((e) => seen.push(e))),
      ),
    );
    expect(stages(seen)).toEqual(['building']);
    expect(error).toMatchObject({
      name: 'SpaceError',
      code: 'SPACE_ERROR',
      stage: 'BUILD_ERROR',
      space: id,
    });
    expect((error as Error).message).toMatch(/failed to build/);
  });

  it.each([
    ['PAUSED', /paused/],
    ['RUNTIME_ERROR', /crashed/],
    ['NO_APP_FILE', /no app file/],
  ])('refuses a Space in stage %s', async (stage, message) => {
    const id = await scriptSpace({ id: uniqueId(stage.toLowerCase()), stages: [stage] });
    const error = await failure(firstValueFrom(connect$(id, { hubUrl: hub(), spaceWait: fast })));
    expect(error).toMatchObject({ code: 'SPACE_ERROR', stage });
    expect((error as Error).message).toMatch(message);
  });

  it('gives up with APP_UNREACHABLE when the Space does not start in time', async () => {
    const id = await scriptSpace({ id: uniqueId('slow'), stages: ['BUILDING'] });
    const started = Date.now();
    const error = await failure(
      lastValueFrom(
        connect$(id, {
          hubUrl: hub(),
          spaceWait: { initialDelay: 20, maxDelay: 40, timeout: 300 },
        }),
      ),
    );
    expect(error).toMatchObject({ code: 'APP_UNREACHABLE' });
    expect((error as Error).message).toMatch(/still building/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a missing Space as APP_NOT_FOUND', async () => {
    const error = await failure(firstValueFrom(connect$('nobody/nothing-here', { hubUrl: hub() })));
    expect(error).toMatchObject({ code: 'APP_NOT_FOUND', status: 404 });
  });

  it('a private Space: PRIVATE_APP without a token; with one, the token goes to the hub and the Space host only', async () => {
    const id = await scriptSpace({ id: uniqueId('private'), private: true });
    const refused = await failure(firstValueFrom(connect$(id, { hubUrl: hub() })));
    expect(refused).toMatchObject({ code: 'PRIVATE_APP', status: 401 });
    expect((refused as Error).message).toMatch(/pass \{ hfToken \}/);

    const { fetch, requests } = recordingFetch();
    const events = await lastValueFrom(
      connect$(id, { hubUrl: hub(), hfToken: VALID_TOKEN, fetch }).pipe(toArray()),
    );
    const client = clientOf(events);
    expect(await firstValueFrom(client.predict$('/predict', ['secret']))).toEqual([
      'Hello, secret!',
    ]);
    expect(requests.length).toBeGreaterThan(3);
    for (const request of requests) {
      expect(new URL(request.url).origin).toBe(new URL(hub()).origin);
      expect(request.headers.authorization).toBe(`Bearer ${VALID_TOKEN}`);
    }
    const log = await hubLog(id);
    expect(
      log.some(
        (e) =>
          e.path.startsWith(`/proxy/${id}${apiPrefix()}/queue/join`) &&
          e.authorization === `Bearer ${VALID_TOKEN}`,
      ),
    ).toBe(true);
    await client.close();
  });

  it('a wrong token on a private Space is PRIVATE_APP saying the token was refused', async () => {
    const id = await scriptSpace({ id: uniqueId('private2'), private: true });
    const error = await failure(
      firstValueFrom(connect$(id, { hubUrl: hub(), hfToken: 'hf_wrong' })),
    );
    expect(error).toMatchObject({ code: 'PRIVATE_APP' });
    expect((error as Error).message).toMatch(/refused access .* with this token/);
  });

  it('reads the hub from HF_ENDPOINT when no hubUrl is given', async () => {
    const id = await scriptSpace({ id: uniqueId('env') });
    const before = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = hub();
    try {
      const events = await lastValueFrom(connect$(id, { spaceWait: fast }).pipe(toArray()));
      await clientOf(events).close();
    } finally {
      if (before === undefined) delete process.env.HF_ENDPOINT;
      else process.env.HF_ENDPOINT = before;
    }
  });
});

describe('duplicate$ (local hub + real Gradio app)', () => {
  it('duplicates with hardware, private flag and sleep timeout, waits for the build, then connects', async () => {
    const source = await scriptSpace({ id: uniqueId('original'), hardware: 'cpu-upgrade' });
    const name = `copy-${counter++}`;
    const events = await lastValueFrom(
      duplicate$(source, {
        hfToken: VALID_TOKEN,
        hubUrl: hub(),
        hardware: 't4-small',
        private: true,
        sleepTimeoutMinutes: 10,
        name,
        spaceWait: fast,
      }).pipe(toArray()),
    );
    expect(stages(events)).toEqual(['building', 'starting', 'running']);
    const client = clientOf(events);
    expect(client.url).toBe(`${hub()}/proxy/${TEST_USER}/${name}`);
    expect(await firstValueFrom(client.predict$('/predict', ['copy']))).toEqual(['Hello, copy!']);
    await client.close();

    const log = await hubLog(source);
    const duplicate = log.find(
      (e) => e.method === 'POST' && e.path === `/api/spaces/${source}/duplicate`,
    );
    expect(duplicate).toMatchObject({
      authorization: `Bearer ${VALID_TOKEN}`,
      body: { repository: `${TEST_USER}/${name}`, private: true, hardware: 't4-small' },
    });
    const copyLog = await hubLog(`${TEST_USER}/${name}`);
    expect(copyLog.find((e) => e.path.endsWith('/sleeptime'))).toMatchObject({
      method: 'POST',
      body: { seconds: 600 },
    });
  });

  it("defaults to the original's hardware and reuses an existing copy on a second call", async () => {
    const source = await scriptSpace({ id: uniqueId('reused'), hardware: 'cpu-upgrade' });
    const name = `reuse-${counter++}`;
    const options = { hfToken: VALID_TOKEN, hubUrl: hub(), name, spaceWait: fast };
    await clientOf(await lastValueFrom(duplicate$(source, options).pipe(toArray()))).close();
    const second = await lastValueFrom(duplicate$(source, options).pipe(toArray()));
    expect(stages(second)).toEqual(['running']);
    await clientOf(second).close();
    const duplicates = (await hubLog(source)).filter((e) => e.path.endsWith('/duplicate'));
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]?.body).toEqual({
      repository: `${TEST_USER}/${name}`,
      private: true,
      hardware: 'cpu-upgrade',
    });
  });

  it('refuses before any request without a token, with an unknown hardware, or for a URL', async () => {
    const { fetch, requests } = recordingFetch();
    const noToken = await failure(
      firstValueFrom(duplicate$('a/b', { hubUrl: hub(), fetch } as never)),
    );
    expect(isGradioError(noToken, 'INVALID_ARGUMENTS')).toBe(true);
    expect((noToken as Error).message).toMatch(/needs \{ hfToken \}/);
    const badHardware = await failure(
      firstValueFrom(
        duplicate$('a/b', {
          hfToken: VALID_TOKEN,
          hubUrl: hub(),
          hardware: 'gpu-9000' as never,
          fetch,
        }),
      ),
    );
    expect((badHardware as Error).message).toMatch(/Unknown hardware "gpu-9000"/);
    const url = await failure(
      firstValueFrom(duplicate$('http://x/y', { hfToken: VALID_TOKEN, fetch })),
    );
    expect((url as Error).message).toMatch(/not a Space id/);
    expect(requests).toHaveLength(0);
  });

  it('reports a refused token as PRIVATE_APP', async () => {
    const error = await failure(
      firstValueFrom(duplicate$('a/b', { hfToken: 'hf_wrong', hubUrl: hub() })),
    );
    expect(error).toMatchObject({ code: 'PRIVATE_APP', status: 401 });
  });
});

describe('signed URLs for a private Space (local hub)', () => {
  it("the Space's file URLs carry the hub's signature and load without headers; streams are signed too", async () => {
    const id = await scriptSpace({
      id: uniqueId('signed'),
      target: appUrl('hosted_app'),
      private: true,
    });
    const client = await firstValueFrom(
      connect$(id, { hubUrl: hub(), hfToken: VALID_TOKEN, spaceWait: fast }).pipe(onlyClient()),
    );
    const [note] = await firstValueFrom(client.predict$<[FileData]>('/note', ['signed']));
    const url = new URL(note.url as string);
    // On the Space's host (rebased from the server's own root), with the signature.
    expect(url.href.startsWith(`${hub()}/proxy/${id}/`)).toBe(true);
    const signature = url.searchParams.get('__sign');
    expect(signature).toMatch(/^eyJ\./);
    // As a page's <img> would load it: no headers at all.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('signed from a');
    url.searchParams.delete('__sign');
    expect((await fetch(url)).status).toBe(401);
    await client.close();
    const log = await hubLog(id);
    expect(log.some((e) => e.path === `/api/spaces/${id}/jwt` && e.authorization)).toBe(true);
    const streams = log.filter((e) => e.path.includes('/queue/data'));
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.every((e) => e.query?.includes(`__sign=${signature}`))).toBe(true);
  });

  it('the signature never reaches another host: a file URL the app names elsewhere stays unsigned', async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const remote = createServer((request, response) => {
      seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
      response.end('third-party bytes');
    });
    await new Promise<void>((r) => remote.listen(0, '127.0.0.1', r));
    const remoteUrl = `http://127.0.0.1:${(remote.address() as AddressInfo).port}/remote.txt`;
    try {
      const id = await scriptSpace({
        id: uniqueId('signed-elsewhere'),
        target: appUrl('creds_app'),
        private: true,
      });
      const client = await firstValueFrom(
        connect$(id, { hubUrl: hub(), hfToken: VALID_TOKEN, spaceWait: fast }).pipe(onlyClient()),
      );
      const [file] = await firstValueFrom(client.predict$<[FileData]>('/file_url', [remoteUrl]));
      expect(file.url).toBe(remoteUrl);
      const done = await lastValueFrom(client.download$(file));
      expect(new TextDecoder().decode((done as { data: Uint8Array }).data)).toBe(
        'third-party bytes',
      );
      expect(seen).toEqual([{ url: '/remote.txt', authorization: undefined }]);
      await client.close();
    } finally {
      await new Promise((r) => remote.close(r));
    }
  });

  it('no token, no signature: nothing is asked of the hub', async () => {
    const id = await scriptSpace({ id: uniqueId('unsigned'), target: appUrl('hosted_app') });
    const client = await firstValueFrom(
      connect$(id, { hubUrl: hub(), spaceWait: fast }).pipe(onlyClient()),
    );
    const [note] = await firstValueFrom(client.predict$<[FileData]>('/note', ['plain']));
    expect(note.url).not.toContain('__sign');
    await client.close();
    expect((await hubLog(id)).some((e) => e.path.endsWith('/jwt'))).toBe(false);
  });
});
