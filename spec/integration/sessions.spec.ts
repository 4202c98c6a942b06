import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  connect$,
  isGradioError,
  onlyClient,
  withClient$,
  type ConnectOptions,
  type FileData,
  type GradioClient,
} from '../../lib/index';
import { repoRoot } from '../../scripts/gradio-server';
import { startFaultProxy } from '../support/fault-proxy';
import { appUrl, streamStats } from '../support/fixtures';
import { loopStopped } from '../support/loops';

const connect = (module: string, options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl(module), options).pipe(onlyClient()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = async (client: GradioClient): Promise<number> =>
  (await firstValueFrom(client.predict$<[number]>('/increment')))[0];

async function until(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}

/**
 * Runs `spec/support/<script>` in a child Node process (so jest's own handles do not count) and
 * resolves with its exit code and output once it exits; killed after `killAfter` ms.
 * `onStdout` sees the output so far on each chunk.
 */
async function runProbe(
  script: string,
  args: string[],
  killAfter: number,
  onStdout?: (output: string) => void,
): Promise<{ code: number | null; output: string }> {
  const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(repoRoot, 'spec/support', script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    onStdout?.(output);
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), killAfter);
    child.on('exit', (c) => {
      clearTimeout(killer);
      resolve(c);
    });
  });
  return { code, output };
}

/** A server on another origin that records the headers of every request it gets. */
async function thirdParty() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.setHeader('content-type', 'text/plain');
    response.end('third-party bytes');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/remote.txt`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('session state handled for the user (real gr.State app)', () => {
  it('hides state from inputs and outputs, and counts 1, 2, 3 across calls', async () => {
    const client = await connect('state_app');
    const increment = client.viewApi().namedEndpoints['/increment'];
    expect(increment?.parameters).toEqual([]);
    expect(increment?.returns.map((r) => r.label)).toEqual(['count']);
    expect([await count(client), await count(client), await count(client)]).toEqual([1, 2, 3]);
    await client.close();
  });

  it('resetSession() starts again from a fresh state', async () => {
    const client = await connect('state_app');
    await count(client);
    await count(client);
    const before = client.sessionHash;
    client.resetSession();
    expect(client.sessionHash).not.toBe(before);
    expect(await count(client)).toBe(1);
    await client.close();
  });

  it('two clients in parallel keep separate counts; duplicateSession() gets its own', async () => {
    const [a, b] = await Promise.all([connect('state_app'), connect('state_app')]);
    const seen: number[][] = [[], []];
    for (let i = 0; i < 3; i++) {
      const [x, y] = await Promise.all([count(a), count(b)]);
      seen[0]?.push(x);
      seen[1]?.push(y);
    }
    expect(seen).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    const c = a.duplicateSession();
    expect(c.sessionHash).not.toBe(a.sessionHash);
    expect(await count(c)).toBe(1);
    expect(await count(a)).toBe(4);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('a chat with its history in state takes only the message', async () => {
    const client = await connect('state_app');
    expect(client.viewApi().namedEndpoints['/chat']?.parameters.map((p) => p.name)).toEqual([
      'message',
    ]);
    expect(await firstValueFrom(client.predict$('/chat', ['hi']))).toEqual(['1: hi']);
    expect(await firstValueFrom(client.predict$('/chat', { message: 'how are you' }))).toEqual([
      '2: hi | how are you',
    ]);
    client.resetSession();
    expect(await firstValueFrom(client.predict$('/chat', ['again']))).toEqual(['1: again']);
    await client.close();
  });

  it("the server sees the client's own session hash", async () => {
    const client = await connect('state_app');
    expect(await firstValueFrom(client.predict$('/session_id'))).toEqual([client.sessionHash]);
    await client.close();
  });
});

describe('credentials go to the app only', () => {
  it('the app receives the token, custom headers and per-job (ZeroGPU-style) headers', async () => {
    const client = await connect('creds_app', {
      hfToken: 'hf_secret_token',
      headers: { 'x-custom': 'yes' },
    });
    const [text] = await firstValueFrom(
      client.predict$<[string]>('/headers', [], {
        headers: { 'x-zerogpu-token': 'zg-1', 'x-ip-token': 'ip-1' },
      }),
    );
    expect(JSON.parse(text)).toMatchObject({
      authorization: 'Bearer hf_secret_token',
      'x-custom': 'yes',
      'x-zerogpu-token': 'zg-1',
      'x-ip-token': 'ip-1',
      'x-gradio-user': 'api',
    });
    await client.close();
  });

  it('a file URL the app returns on another host is fetched without token, headers or cookies', async () => {
    const remote = await thirdParty();
    try {
      const client = await connect('creds_app', {
        hfToken: 'hf_secret_token',
        headers: { 'x-custom': 'yes' },
      });
      const [file] = await firstValueFrom(client.predict$<[FileData]>('/file_url', [remote.url]));
      const done = await lastValueFrom(client.download$(file));
      expect(done).toMatchObject({ type: 'done' });
      expect(new TextDecoder().decode((done as { data: Uint8Array }).data)).toBe(
        'third-party bytes',
      );
      expect(remote.seen).toHaveLength(1);
      expect(remote.seen[0]?.authorization).toBeUndefined();
      expect(remote.seen[0]?.['x-custom']).toBeUndefined();
      expect(remote.seen[0]?.cookie).toBeUndefined();
      await client.close();
    } finally {
      await remote.close();
    }
  });

  it('a redirect from the app to another origin drops the credentials; the app origin gets them', async () => {
    const remote = await thirdParty();
    try {
      const client = await connect('creds_app', { hfToken: 'hf_secret_token' });
      const own = await lastValueFrom(client.download$(`${appUrl('creds_app')}/own-file.txt`));
      expect(new TextDecoder().decode((own as { data: Uint8Array }).data)).toBe(
        'own file; authorization=Bearer hf_secret_token',
      );
      const redirected = await lastValueFrom(
        client.download$(`${appUrl('creds_app')}/redirect?to=${encodeURIComponent(remote.url)}`),
      );
      expect(new TextDecoder().decode((redirected as { data: Uint8Array }).data)).toBe(
        'third-party bytes',
      );
      expect(remote.seen[0]?.authorization).toBeUndefined();
      await client.close();
    } finally {
      await remote.close();
    }
  });

  it('download$ reports progress up to the file size', async () => {
    const client = await connect('creds_app');
    const events = await lastValueFrom(
      client.download$(`${appUrl('creds_app')}/own-file.txt`).pipe(toArray()),
    );
    const last = events.at(-1) as { type: string; data: Uint8Array };
    const progress = events.filter((e) => e.type === 'progress') as { loaded: number }[];
    expect(last.type).toBe('done');
    expect(progress.at(-1)?.loaded).toBe(last.data.byteLength);
    await client.close();
  });
});

describe('heartbeat and lifecycle', () => {
  it('opens the heartbeat on the first job, and on close the server sees it end and runs unload', async () => {
    const client = await connect('state_app');
    const key = `heartbeat:${client.sessionHash}`;
    expect((await streamStats('state_app', [key]))[key]?.opened).toBe(0);
    await count(client);
    expect(await until(async () => (await streamStats('state_app', [key]))[key]?.open === 1)).toBe(
      true,
    );
    const hash = client.sessionHash;
    await client.close();
    expect(await until(async () => (await streamStats('state_app', [key]))[key]?.open === 0)).toBe(
      true,
    );
    const observer = await connect('state_app', { heartbeat: false });
    expect(
      await until(
        async () => (await firstValueFrom(observer.predict$<[boolean]>('/unloaded', [hash])))[0],
      ),
    ).toBe(true);
    await observer.close();
  });

  it('a heartbeat cut on the way is opened again after the backoff, and the server keeps the session', async () => {
    const proxy = await startFaultProxy(appUrl('state_app'));
    const client = await firstValueFrom(connect$(proxy.url).pipe(onlyClient()));
    try {
      const key = `heartbeat:${client.sessionHash}`;
      expect(await count(client)).toBe(1);
      expect(
        await until(async () => (await streamStats('state_app', [key]))[key]?.open === 1),
      ).toBe(true);
      const cutAt = Date.now();
      expect(proxy.cut(/GET \S+\/heartbeat\//)).toBe(1);
      // The server sees the heartbeat return (1 s backoff after its beat), not a session that left.
      expect(
        await until(async () => {
          const stats = (await streamStats('state_app', [key]))[key];
          return stats?.opened === 2 && stats.open === 1;
        }),
      ).toBe(true);
      expect(Date.now() - cutAt).toBeGreaterThanOrEqual(900);
      expect(await count(client)).toBe(2);
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  it('resetSession() moves the heartbeat to the new session', async () => {
    const client = await connect('state_app');
    await count(client);
    const oldKey = `heartbeat:${client.sessionHash}`;
    client.resetSession();
    const newKey = `heartbeat:${client.sessionHash}`;
    expect(
      await until(async () => {
        const stats = await streamStats('state_app', [oldKey, newKey]);
        return stats[oldKey]?.open === 0 && stats[newKey]?.open === 1;
      }),
    ).toBe(true);
    await client.close();
  });

  it('close() ends running jobs with CLIENT_CLOSED, cancels them on the server, and refuses new calls', async () => {
    const client = await connect('jobs_app');
    const token = `close-${Date.now()}`;
    const errors: unknown[] = [];
    const values: unknown[] = [];
    client
      .predict$('/loop', [token])
      .subscribe({ next: (v) => values.push(v), error: (e) => errors.push(e) });
    while (values.length < 3) await sleep(20);
    await client.close();
    expect(isGradioError(errors[0], 'CLIENT_CLOSED')).toBe(true);
    expect(client.closed).toBe(true);
    const later = await firstValueFrom(client.predict$('/echo', ['x'])).catch((e: unknown) => e);
    expect(isGradioError(later, 'CLIENT_CLOSED')).toBe(true);
    expect(() => client.duplicateSession()).toThrow(/closed/);
    const checker = await connect('jobs_app');
    expect(await loopStopped(checker, token)).toBe(true);
    await checker.close();
  });

  it('withClient$ closes the client when the pipeline ends', async () => {
    let captured: GradioClient | undefined;
    const values = await lastValueFrom(
      withClient$(appUrl('state_app'), {}, (client) => {
        captured = client;
        return client.predict$<[number]>('/increment');
      }).pipe(toArray()),
    );
    expect(values).toEqual([[1]]);
    await sleep(10);
    expect(captured?.closed).toBe(true);
  });

  it('a closed client leaves nothing open: the Node process exits on its own', async () => {
    let closedAt = 0;
    const { code, output } = await runProbe(
      'lifecycle-probe.mts',
      [appUrl('state_app'), appUrl('jobs_app')],
      20_000,
      (sofar) => {
        if (!closedAt && sofar.includes('closed ')) closedAt = Date.now();
      },
    );
    expect({ code, output: output.slice(-500) }).toMatchObject({ code: 0 });
    expect(Date.now() - closedAt).toBeLessThan(1500);
    const hash = /closed (\w+)/.exec(output)?.[1] as string;
    const stats = await streamStats('state_app', [`heartbeat:${hash}`, hash]);
    expect(stats[`heartbeat:${hash}`]).toMatchObject({ opened: 1, open: 0 });
    expect(stats[hash]?.open).toBe(0);
  });

  it('close() resolves only once every socket, stream and file handle the client opened is released', async () => {
    // In a child process, so jest's own handles do not count: after uploads (a path and bytes), a
    // streamed generator, a generator cancelled mid-stream, one still running and a heartbeat,
    // nothing is active right after `await close()` (same tick) that was not active before.
    const rounds = 3;
    const { code, output } = await runProbe(
      'close-probe.mts',
      [appUrl('files_app'), appUrl('jobs_app'), appUrl('state_app'), String(rounds)],
      50_000,
    );
    expect({ code, output: output.slice(-500) }).toMatchObject({ code: 0 });
    const reports = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) => JSON.parse(line) as { round: number; extra: string[]; heartbeatSession: string },
      );
    expect(reports.map(({ round, extra }) => ({ round, extra }))).toEqual(
      Array.from({ length: rounds }, (_, i) => ({ round: i + 1, extra: [] })),
    );
    const keys = reports.map((r) => `heartbeat:${r.heartbeatSession}`);
    const stats = await streamStats('state_app', keys);
    for (const key of keys) expect(stats[key]).toMatchObject({ opened: 1, open: 0 });
  }, 60_000);
});
