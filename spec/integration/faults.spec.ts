import { afterAll, describe, expect, it } from '@jest/globals';
import { defer, filter, firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import {
  connect$,
  isGradioError,
  onlyClient,
  retryWhenSafe,
  type ConnectOptions,
  type GradioClient,
  type GradioErrorCode,
  type SubmitEvent,
} from '../../lib/index';
import { startGradioServer, stopGradioServer } from '../../scripts/gradio-server';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { appUrl, serverOrigin } from '../support/fixtures';
import { expectLoopStopped } from '../support/loops';

const connect = (url: string, options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(url, options).pipe(onlyClient()));

const proxies: FaultProxy[] = [];
const clients: GradioClient[] = [];
const proxy = async (url: string) => {
  const p = await startFaultProxy(url);
  proxies.push(p);
  return p;
};
const track = (client: GradioClient) => {
  clients.push(client);
  return client;
};
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(proxies.map((p) => p.close()));
});

/** Runs a job to its end and reports how it ended: data seen, then the error code or 'complete'. */
async function outcome(job$: Observable<SubmitEvent>, started?: () => void) {
  const data: unknown[] = [];
  let end: GradioErrorCode | 'complete' | 'other-error' = 'complete';
  let message = '';
  const t0 = Date.now();
  await new Promise<void>((resolve) => {
    job$.subscribe({
      next: (event) => {
        if (event.type === 'data') {
          data.push(event.data);
          if (data.length === 2) started?.();
        }
      },
      error: (error: unknown) => {
        end = isGradioError(error) ? error.code : 'other-error';
        message = String((error as Error).message);
        resolve();
      },
      complete: resolve,
    });
  });
  return { data, end, message, ms: Date.now() - t0 };
}

const firstData = (job$: Observable<SubmitEvent>, n = 2) =>
  firstValueFrom(
    job$.pipe(
      filter((e) => e.type === 'data'),
      take(n),
      toArray(),
    ),
  );

describe('faults injected between the client and a real Gradio server', () => {
  it('a cut event stream fails every job of the session with CONNECTION_LOST; the next job works', async () => {
    const p = await proxy(appUrl('jobs_app'));
    const client = track(await connect(p.url));
    const token = `cut-${Date.now()}`;
    // Two running jobs of different endpoints share the client's session and its one stream.
    const loop$ = client.submit$('/loop', [token]);
    const count$ = client.submit$('/count', [2000, 0.02]);
    const ends = Promise.all([outcome(loop$), outcome(count$)]);
    await Promise.all([firstData(loop$), firstData(count$)]);
    expect(p.cut(/queue\/data/)).toBe(1);
    const [loop, count] = await ends;
    for (const job of [loop, count]) {
      expect(job.end).toBe('CONNECTION_LOST');
      expect(job.data.length).toBeGreaterThan(0);
    }
    // The server dropped the session's jobs: the generator stopped.
    await expectLoopStopped(track(await connect(appUrl('jobs_app'))), token);
    // The next job opens a fresh stream and works.
    expect(await firstValueFrom(client.predict$('/echo', ['after the cut']))).toEqual([
      'after the cut',
    ]);
  });

  it('a stalled event stream ends with CONNECTION_LOST after streamIdleTimeout, not a hang', async () => {
    const p = await proxy(appUrl('jobs_app'));
    const client = track(await connect(p.url, { streamIdleTimeout: 800 }));
    p.stall(/queue\/data/);
    const job = await outcome(client.submit$('/echo', ['stalled']));
    expect(job.end).toBe('CONNECTION_LOST');
    expect(job.message).toMatch(/no data arrived for 800 ms/);
    expect(job.ms).toBeLessThan(5000);
    p.stall(null);
    expect(await firstValueFrom(client.predict$('/echo', ['unstalled']))).toEqual(['unstalled']);
  });

  it('a join that is never answered is bounded by the timeout option', async () => {
    const p = await proxy(appUrl('jobs_app'));
    const client = track(await connect(p.url, { timeout: 800 }));
    p.stall(/queue\/join/);
    const job = await outcome(client.submit$('/echo', ['never answered']));
    expect(job.end).toBe('CONNECTION_LOST');
    expect(job.ms).toBeLessThan(5000);
  });

  it('a slow-loris config (bytes trickling in) is bounded by the connect timeout', async () => {
    const p = await proxy(appUrl('blocks_app'));
    p.slow(100, 8);
    const t0 = Date.now();
    const error = await connect(p.url, { timeout: 1000 }).catch((e: unknown) => e);
    expect(isGradioError(error, 'APP_UNREACHABLE')).toBe(true);
    expect((error as Error).message).toMatch(/did not answer within 1000 ms/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a slow but steady connection still works, only slower', async () => {
    const p = await proxy(appUrl('jobs_app'));
    const client = track(await connect(p.url));
    p.slow(5, 4096);
    expect(await firstValueFrom(client.predict$('/echo', ['slowly']))).toEqual(['slowly']);
  });

  it('HTTP 429 from a front end: TOO_MANY_REQUESTS, and retryWhenSafe recovers', async () => {
    const p = await proxy(appUrl('jobs_app'));
    const client = track(await connect(p.url));
    const tooMany =
      'HTTP/1.1 429 Too Many Requests\r\ncontent-type: text/plain\r\ncontent-length: 4\r\nconnection: close\r\n\r\nslow';
    p.answer(/POST \S+\/queue\/join/, 1, tooMany);
    const plain = await outcome(client.submit$('/echo', ['limited']));
    expect(plain.end).toBe('TOO_MANY_REQUESTS');
    p.answer(/POST \S+\/queue\/join/, 2, tooMany);
    const retried = await firstValueFrom(
      defer(() => client.predict$('/echo', ['patient'])).pipe(
        retryWhenSafe({ delay: 20, count: 5 }),
      ),
    );
    expect(retried).toEqual(['patient']);
  });

  it('a front end that hangs up before answering: retried once, then CONNECTION_LOST', async () => {
    const p = await proxy(appUrl('jobs_app'));
    const client = track(await connect(p.url));
    p.answer(/POST \S+\/queue\/join/, 1, ''); // one hang-up: the request was never read
    expect(await firstValueFrom(client.predict$('/echo', ['once']))).toEqual(['once']);
    p.answer(/POST \S+\/queue\/join/, 2, '');
    const job = await outcome(client.submit$('/echo', ['twice']));
    expect(job.end).toBe('CONNECTION_LOST');
    expect(job.message).toMatch(/Could not submit the job/);
    expect(await firstValueFrom(client.predict$('/echo', ['again']))).toEqual(['again']);
  });
});

describe('the Gradio process killed and restarted', () => {
  it('a job running when the process dies errors with CONNECTION_LOST; a restarted server serves the next job', async () => {
    // A private server for this spec (it is killed); the shared jobs server mounts the same app at
    // the same path and plays the restarted process.
    const victim = await startGradioServer({ name: 'victim', mounts: { jobs_app: '/jobs' } });
    try {
      const p = await proxy(victim.apps.jobs_app as string);
      const client = track(await connect(p.url));
      const loop$ = client.submit$('/loop', [`killed-${Date.now()}`]);
      const ended = outcome(loop$);
      await firstData(loop$, 3);
      victim.process.kill('SIGKILL');
      const job = await ended;
      expect(job.end).toBe('CONNECTION_LOST');
      expect(job.data.length).toBeGreaterThanOrEqual(3);

      p.retarget(Number(new URL(serverOrigin('jobs_app')).port));
      expect(await firstValueFrom(client.predict$('/echo', ['restarted']))).toEqual(['restarted']);
      const generator = await lastValueFrom(client.predict$<[string]>('/count', [3]));
      expect(generator).toEqual(['0 1 2 ']);
    } finally {
      await stopGradioServer(victim);
    }
  }, 120_000);
});
