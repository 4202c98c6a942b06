import { afterAll, describe, expect, it } from '@jest/globals';
import { defer, firstValueFrom, from, lastValueFrom, map, Subject, tap, toArray } from 'rxjs';
import {
  connect$,
  fanOut,
  forgetSharedClients,
  isGradioError,
  onlyClient,
  predictEach,
  retryWhenSafe,
  sharedClient$,
  type ConnectOptions,
  type GradioClient,
} from '../../lib/index';
import { appUrl } from '../support/fixtures';
import { recordingFetch } from '../support/recording-fetch';
import { failure } from '../support/failure';
import { loopStopped } from '../support/loops';

const connect = (module: string, options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl(module), options).pipe(onlyClient()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
afterAll(() => forgetSharedClients());

describe("predictEach: one app's output into another's input", () => {
  it('chains two apps in order (concat)', async () => {
    const [greeter, shouter] = await Promise.all([connect('predict_app'), connect('blocks_app')]);
    const results = await lastValueFrom(
      from(['ada', 'bo']).pipe(
        predictEach<string, [string]>(greeter, '/predict', { strategy: 'concat' }),
        map(([greeting]) => greeting),
        predictEach<string, [string]>(shouter, '/upper', { strategy: 'concat' }),
        toArray(),
      ),
    );
    expect(results).toEqual([['HELLO, ADA!'], ['HELLO, BO!']]);
    await Promise.all([greeter.close(), shouter.close()]);
  });

  it('switch: a new input cancels the previous job on its server', async () => {
    const client = await connect('jobs_app');
    const [a, b] = [`switch-${Date.now()}-a`, `switch-${Date.now()}-b`];
    const inputs = new Subject<string>();
    const seen: string[] = [];
    const subscription = inputs
      .pipe(predictEach<string, [string]>(client, '/loop'))
      .subscribe(([v]) => seen.push(v));
    inputs.next(a);
    while (!seen.some((v) => v.startsWith(a))) await sleep(10);
    inputs.next(b);
    expect(await loopStopped(client, a)).toBe(true);
    const before = seen.filter((v) => v.startsWith(b)).length;
    await sleep(300);
    expect(seen.filter((v) => v.startsWith(b)).length).toBeGreaterThan(before);
    subscription.unsubscribe();
    expect(await loopStopped(client, b)).toBe(true);
    await client.close();
  });

  it('merge: runs many inputs with bounded concurrency, each result once', async () => {
    const client = await connect('jobs_app');
    let started = 0;
    let finished = 0;
    let maxInFlight = 0;
    const results = await lastValueFrom(
      from([1, 2, 3, 4, 5, 6, 7, 8]).pipe(
        predictEach<number, [string]>(client, '/count', {
          strategy: 'merge',
          concurrency: 3,
          payload: () => {
            started++;
            maxInFlight = Math.max(maxInFlight, started - finished);
            return { n: 4, delay: 0.03 };
          },
        }),
        tap(([text]) => text === '0 1 2 3 ' && finished++),
        toArray(),
      ),
    );
    expect(results.filter(([t]) => t === '0 1 2 3 ')).toHaveLength(8);
    expect(maxInFlight).toBe(3);
    await client.close();
  });
});

describe('fanOut: one input to several apps', () => {
  it("combines every app's result into one typed object", async () => {
    const [greeter, shouter] = await Promise.all([connect('predict_app'), connect('blocks_app')]);
    const result = await firstValueFrom(
      from(['x']).pipe(
        fanOut({
          greeting: (t: string) => greeter.predict$<[string]>('/predict', [t]),
          shout: (t: string) => shouter.predict$<[string]>('/upper', [t]),
        }),
      ),
    );
    const greeting: string = result.greeting[0];
    expect(greeting).toBe('Hello, x!');
    expect(result.shout).toEqual(['X']);
    await Promise.all([greeter.close(), shouter.close()]);
  });

  it('streams generator updates in latest mode', async () => {
    const client = await connect('jobs_app');
    const updates = await lastValueFrom(
      from([3]).pipe(
        fanOut(
          {
            count: (n: number) => client.predict$<[string]>('/count', { n }),
            echo: (n: number) => client.predict$<[string]>('/echo', [String(n)]),
          },
          { mode: 'latest' },
        ),
        toArray(),
      ),
    );
    expect(updates.at(-1)).toEqual({ count: ['0 1 2 '], echo: ['3'] });
    await client.close();
  });

  it('an error in one branch cancels the other on its server', async () => {
    const client = await connect('jobs_app');
    const token = `fan-${Date.now()}`;
    const error = await failure(
      firstValueFrom(
        from([token]).pipe(
          fanOut({
            slow: (t: string) => client.predict$('/loop', [t]),
            broken: (t: string) =>
              defer(async () => sleep(200)).pipe(
                map(() => t),
                predictEach(client, '/fail'),
              ),
          }),
        ),
      ),
    );
    expect(isGradioError(error, 'APP_ERROR')).toBe(true);
    expect(await loopStopped(client, token)).toBe(true);
    await client.close();
  });
});

describe('retryWhenSafe', () => {
  it('recovers from a full queue with backoff', async () => {
    const client = await connect('full_app');
    const burst = (withRetry: boolean) =>
      Promise.allSettled(
        [1, 2, 3, 4].map((i) => {
          const job$ = defer(() => client.predict$<[string]>('/slow_echo', [`job-${i}`]));
          return firstValueFrom(
            withRetry ? job$.pipe(retryWhenSafe({ delay: 200, count: 20 })) : job$,
          );
        }),
      );
    const plain = await burst(false);
    expect(
      plain.some((r) => r.status === 'rejected' && isGradioError(r.reason, 'QUEUE_FULL')),
    ).toBe(true);
    const retried = await burst(true);
    expect(retried.map((r) => (r.status === 'fulfilled' ? r.value[0] : 'failed'))).toEqual([
      'job-1',
      'job-2',
      'job-3',
      'job-4',
    ]);
    await client.close();
  });

  it('never retries an app error', async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect('jobs_app', { fetch });
    const error = await failure(
      firstValueFrom(
        defer(() => client.predict$('/fail', ['x'])).pipe(retryWhenSafe({ delay: 10 })),
      ),
    );
    expect(isGradioError(error, 'APP_ERROR')).toBe(true);
    expect(requests.filter((r) => r.url.endsWith('/queue/join'))).toHaveLength(1);
    await client.close();
  });
});

describe('sharedClient$', () => {
  it('connects once for many consumers', async () => {
    const { fetch, requests } = recordingFetch();
    const app$ = sharedClient$(appUrl('predict_app'), { fetch });
    const [a, b] = await Promise.all([firstValueFrom(app$), firstValueFrom(app$)]);
    expect(a).toBe(b);
    expect(sharedClient$(`${appUrl('predict_app')}/`, { fetch })).toBe(app$);
    expect(requests.filter((r) => r.url.endsWith('/config'))).toHaveLength(1);
    expect(await firstValueFrom(a.predict$('/predict', ['shared']))).toEqual(['Hello, shared!']);
  });

  it('forgets a failed connection so the next consumer tries again, and closes clients on forget', async () => {
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/config')) attempts++;
      return fetch(input, init);
    };
    const dead = 'http://127.0.0.1:9/';
    await failure(firstValueFrom(sharedClient$(dead, { fetch: counting })));
    await failure(firstValueFrom(sharedClient$(dead, { fetch: counting })));
    expect(attempts).toBe(2);
    const client = await firstValueFrom(sharedClient$(appUrl('blocks_app')));
    await forgetSharedClients();
    expect(client.closed).toBe(true);
  });
});
