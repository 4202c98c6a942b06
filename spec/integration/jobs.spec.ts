import { describe, expect, it } from '@jest/globals';
import diagnostics from 'node:diagnostics_channel';
import { firstValueFrom, lastValueFrom, take, tap, toArray } from 'rxjs';
import {
  connect$,
  isGradioError,
  onlyClient,
  onlyLogs,
  onlyStatus,
  predict$,
  progress,
  type ConnectOptions,
  type GradioClient,
  type SubmitEvent,
} from '../../lib/index';
import { appUrl, gradioMajor, pinnedGradioVersion, streamStats } from '../support/fixtures';
import { cancelRemovesQueued } from '../../lib/protocol/server-features';
import { expectLoopStopped, loopStatus } from '../support/loops';
import { recordingFetch } from '../support/recording-fetch';
import { failure } from '../support/failure';

const connect = (module: string, options?: ConnectOptions): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl(module), options).pipe(onlyClient()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('predict$ (real Gradio queue)', () => {
  it('runs a plain Interface endpoint with a positional payload', async () => {
    const client = await connect('predict_app');
    expect(await firstValueFrom(client.predict$('/predict', ['Ada']))).toEqual(['Hello, Ada!']);
  });

  it('accepts named payloads and fills in the server defaults', async () => {
    const client = await connect('blocks_app');
    expect(await firstValueFrom(client.predict$('/describe', { name: 'Ada' }))).toEqual([
      'Hello, Ada!',
    ]);
    expect(
      await firstValueFrom(
        client.predict$('/describe', { name: 'Bo', times: 2, punctuation: '?' }),
      ),
    ).toEqual(['Hello, Bo? Hello, Bo?']);
    expect(await firstValueFrom(client.predict$('/add', [40]))).toEqual([42]);
    expect(await firstValueFrom(client.predict$('/add', { a: 1, b: 5 }))).toEqual([6]);
  });

  it('calls by fn index and undocumented endpoints', async () => {
    const client = await connect('blocks_app');
    expect(await firstValueFrom(client.predict$(1, ['shout']))).toEqual(['SHOUT']);
    expect(await firstValueFrom(client.predict$('/undocumented', ['x']))).toEqual([
      'undocumented:x',
    ]);
  });

  it('returns multiple outputs in order', async () => {
    const client = await connect('jobs_app');
    expect(await firstValueFrom(client.predict$('/multi', ['ab', 2]))).toEqual([
      'AB',
      4,
      { text: 'ab', n: 2 },
    ]);
  });

  it('runs an endpoint that skips the queue (queue=False)', async () => {
    const client = await connect('jobs_app');
    const events = await lastValueFrom(client.submit$('/direct', ['x']).pipe(toArray()));
    expect(events.map((e) => e.type)).toEqual(['status', 'data', 'status']);
    expect(events[1]).toMatchObject({ type: 'data', data: ['direct:x'], endpoint: '/direct' });
    expect(events[2]).toMatchObject({ stage: 'complete', queued: false });
  });

  it('works standalone with a URL (connects, then predicts)', async () => {
    expect(
      await firstValueFrom(predict$(appUrl('predict_app'), '/predict', { name: 'Cy' })),
    ).toEqual(['Hello, Cy!']);
  });
});

describe('submit$ events (real Gradio queue)', () => {
  it('emits pending, processing, data, complete with endpoint, fn index and event id', async () => {
    const client = await connect('jobs_app');
    const events = await lastValueFrom(client.submit$('/echo', ['hi']).pipe(toArray()));
    const fnIndex = client.endpoint('/echo').fnIndex;
    expect(events.map((e) => (e.type === 'status' ? e.stage : e.type))).toEqual([
      'pending',
      'pending',
      'processing',
      'data',
      'complete',
    ]);
    for (const event of events)
      expect(event).toMatchObject({
        endpoint: '/echo',
        fnIndex,
        eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    expect(events[1]).toMatchObject({ position: 0, queueSize: 1 });
  });

  it('streams 50 generator updates in order, none lost, each once', async () => {
    const client = await connect('jobs_app');
    const values = await lastValueFrom(
      client.predict$<[string]>('/count', { n: 50 }).pipe(toArray()),
    );
    expect(values).toHaveLength(50);
    values.forEach(([text], i) =>
      expect(text).toBe(Array.from({ length: i + 1 }, (_, k) => `${k} `).join('')),
    );
    const events = await lastValueFrom(client.submit$('/count', { n: 3 }).pipe(toArray()));
    expect(
      events.filter((e) => e.type === 'status').map((e) => (e as { stage: string }).stage),
    ).toEqual(['pending', 'pending', 'processing', 'generating', 'complete']);
  });

  it('applies structured generator updates exactly', async () => {
    const client = await connect('jobs_app');
    const values = await lastValueFrom(client.predict$('/shapes').pipe(toArray()));
    expect(values).toEqual([
      [{ items: [1, 2, 3], meta: { a: 1 } }],
      [{ items: [1, 2, 3, 4, 5], meta: { a: 1, b: 'x' } }],
      [{ items: [1, 5], meta: { b: 'xy' } }],
      [{ items: [], label: 'done' }],
    ]);
  });

  it('emits one [null] output for a generator that yields nothing', async () => {
    const client = await connect('jobs_app');
    expect(await lastValueFrom(client.predict$('/silent').pipe(toArray()))).toEqual([[null]]);
  });

  it('reports gr.Progress as progress events', async () => {
    const client = await connect('jobs_app');
    const reports = await lastValueFrom(
      client.submit$('/progress', [4]).pipe(progress(), toArray()),
    );
    const steps = reports.filter((p) => p.desc === 'working');
    const indexes = steps.map((p) => p.units[0]?.index as number);
    // tqdm reports each step; whether its final 4/4 update beats the completion is timing.
    expect(indexes.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(indexes.every((i, k) => i === k && i <= 4)).toBe(true);
    expect(steps.map((p) => p.fraction)).toEqual(indexes.map((i) => i / 4));
    expect(steps[0]?.units[0]).toMatchObject({ length: 4, unit: 'steps' });
  });

  it('emits gr.Info / gr.Warning / gr.Success as log events', async () => {
    const client = await connect('jobs_app');
    const logs = await lastValueFrom(client.submit$('/logs', ['x']).pipe(onlyLogs(), toArray()));
    // Gradio 4 has no titles and no gr.Success (the fixture falls back to gr.Info there).
    const expected =
      gradioMajor() >= 5
        ? [
            ['info', 'info: x', 'Heads up', 10],
            ['warning', 'warning: x', 'Warning', 10],
            ['success', 'it worked', 'Success', null],
          ]
        : [
            ['info', 'info: x', null, 10],
            ['warning', 'warning: x', null, 10],
            ['info', 'it worked', null, null],
          ];
    expect(logs.map((l) => [l.level, l.message, l.title, l.duration])).toEqual(expected);
  });

  it('shows a queue position > 0 when the app runs one job at a time', async () => {
    const client = await connect('queue_app');
    const jobs = [0, 1, 2].map(() =>
      lastValueFrom(client.submit$('/wait', [0.4]).pipe(onlyStatus(), toArray())),
    );
    const statuses = await Promise.all(jobs);
    const maxPosition = Math.max(...statuses.flat().map((s) => s.position ?? 0));
    expect(maxPosition).toBeGreaterThan(0);
    for (const list of statuses) expect(list[list.length - 1]?.stage).toBe('complete');
  });

  it('surfaces gr.Error and Python exceptions as AppError with the app message', async () => {
    const client = await connect('jobs_app');
    const appError = await failure(firstValueFrom(client.predict$('/fail', ['x'])));
    expect(appError).toMatchObject({
      name: 'AppError',
      code: 'APP_ERROR',
      // Gradio 4 sends repr() of a gr.Error's message, and no title.
      appMessage: gradioMajor() >= 5 ? 'bad input: x' : "'bad input: x'",
      title: gradioMajor() >= 5 ? 'Oops' : null,
      endpoint: '/fail',
    });
    const crash = await failure(firstValueFrom(client.predict$('/crash', ['y'])));
    expect(isGradioError(crash, 'APP_ERROR')).toBe(true);
    expect((crash as Error).message).toContain('boom: y');
    const events: SubmitEvent[] = [];
    const refused = await failure(
      lastValueFrom(client.submit$('/fail', ['z']).pipe(tap((e) => events.push(e)))),
    );
    expect(isGradioError(refused, 'APP_ERROR')).toBe(true);
    expect(events.at(-1)).toMatchObject({
      type: 'status',
      stage: 'error',
      message: expect.stringContaining('bad input: z'),
    });
  });
});

describe('bad input is refused before anything is sent', () => {
  it.each<[string, unknown, RegExp]>([
    ['/add', { a: 1, c: 2 }, /no parameter "c"\. Its parameters: "a", "b"/],
    ['/add', { b: 2 }, /missing required parameter "a"/],
    ['/add', [1, 2, 3], /takes 2 values \("a", "b"\) but got 3/],
    ['/add', [() => 1], /payload\[0\] is a function/],
    ['/add', 'nope', /must be an array of values or an object/],
    ['/nope', [], /no endpoint "\/nope"/],
  ])('%s with %p', async (endpoint, payload, message) => {
    const { fetch, requests } = recordingFetch();
    const client = await connect('blocks_app', { fetch });
    const before = requests.length;
    const error = await failure(firstValueFrom(client.predict$(endpoint, payload as never)));
    expect((error as Error).message).toMatch(message);
    expect(isGradioError(error)).toBe(true);
    expect(requests.length).toBe(before);
  });
});

describe('sharing and laziness', () => {
  it('sends nothing until subscribed, and two subscribers share one job', async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect('jobs_app', { fetch });
    const joins = () => requests.filter((r) => r.url.endsWith('/queue/join')).length;
    const job$ = client.submit$('/count', { n: 5 });
    await sleep(50);
    expect(joins()).toBe(0);
    const [a, b] = await Promise.all([
      lastValueFrom(job$.pipe(toArray())),
      lastValueFrom(job$.pipe(toArray())),
    ]);
    expect(joins()).toBe(1);
    expect(a).toEqual(b);
    expect(a.filter((e) => e.type === 'data')).toHaveLength(5);
  });

  it('a subscriber after completion gets the last data and the end, without a second run', async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect('jobs_app', { fetch });
    const job$ = client.submit$('/count', { n: 3 });
    await lastValueFrom(job$);
    const late = await lastValueFrom(job$.pipe(toArray()));
    expect(requests.filter((r) => r.url.endsWith('/queue/join'))).toHaveLength(1);
    expect(late.map((e) => e.type)).toEqual(['data', 'status']);
    expect(late[0]).toMatchObject({ data: ['0 1 2 '] });
    expect(late[1]).toMatchObject({ stage: 'complete' });
  });

  it('a late subscriber to a failed job gets the same error', async () => {
    const client = await connect('jobs_app');
    const job$ = client.submit$('/fail', ['x']);
    const first = await failure(lastValueFrom(job$));
    const second = await failure(lastValueFrom(job$));
    expect(second).toBe(first);
  });
});

describe('cancel on unsubscribe (proved by the server-side generator)', () => {
  it('a one-shot call of a finished job sends no cancel', async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect('jobs_app', { fetch });
    expect(await firstValueFrom(client.predict$('/echo', ['once']))).toEqual(['once']);
    await sleep(100);
    expect(requests.filter((r) => r.url.endsWith('/cancel'))).toHaveLength(0);
  });

  it('stops the server loop when the last subscriber unsubscribes mid-generator', async () => {
    const client = await connect('jobs_app');
    const token = `t-${Date.now()}-a`;
    const seen = await lastValueFrom(
      client.predict$<[string]>('/loop', [token]).pipe(take(5), toArray()),
    );
    expect(seen.map(([v]) => v)).toEqual([1, 2, 3, 4, 5].map((i) => `${token}:${i}`));
    const stopped = await expectLoopStopped(client, token);
    expect(stopped.iterations).toBeLessThan(40);
  });

  it('firstValueFrom on a generator takes the first output and cancels the rest', async () => {
    const client = await connect('jobs_app');
    const token = `t-${Date.now()}-first`;
    expect(await firstValueFrom(client.predict$('/loop', [token]))).toEqual([`${token}:1`]);
    await expectLoopStopped(client, token);
  });

  it('keeps the job while one of two subscribers remains', async () => {
    const client = await connect('jobs_app');
    const token = `t-${Date.now()}-two`;
    const job$ = client.predict$<[string]>('/loop', [token]);
    const a: string[] = [];
    const b: string[] = [];
    const subA = job$.subscribe(([v]) => a.push(v));
    const subB = job$.subscribe(([v]) => b.push(v));
    while (a.length < 3) await sleep(20);
    subA.unsubscribe();
    const countAtUnsubscribe = b.length;
    await sleep(400);
    expect(b.length).toBeGreaterThan(countAtUnsubscribe + 2);
    expect((await loopStatus(client, token))?.closed).toBe(false);
    subB.unsubscribe();
    await expectLoopStopped(client, token);
  });

  it('cancelling one of two concurrent jobs of the same endpoint leaves the other running', async () => {
    const client = await connect('jobs_app');
    const [tokenA, tokenB] = [`t-${Date.now()}-A`, `t-${Date.now()}-B`];
    const a: string[] = [];
    const b: string[] = [];
    let bError: unknown;
    let bCompleted = false;
    const subA = client.predict$<[string]>('/loop', [tokenA]).subscribe(([v]) => a.push(v));
    const subB = client.predict$<[string]>('/loop', [tokenB]).subscribe({
      next: ([v]) => b.push(v),
      error: (e) => (bError = e),
      complete: () => (bCompleted = true),
    });
    while (a.length < 3 || b.length < 3) await sleep(20);
    subA.unsubscribe();
    await expectLoopStopped(client, tokenA);
    const bBefore = b.length;
    await sleep(400);
    expect(b.length).toBeGreaterThan(bBefore + 2);
    expect(b.at(-1)).toBe(`${tokenB}:${b.length}`);
    expect(bError).toBeUndefined();
    expect(bCompleted).toBe(false);
    expect((await loopStatus(client, tokenB))?.closed).toBe(false);
    subB.unsubscribe();
    await expectLoopStopped(client, tokenB);
  });

  it('cancels a job unsubscribed while its join request was still in flight', async () => {
    const { fetch, requests } = recordingFetch();
    const client = await connect('jobs_app', { fetch });
    const token = `t-${Date.now()}-early`;
    client.predict$('/loop', [token]).subscribe().unsubscribe();
    for (let i = 0; i < 100 && !requests.some((r) => r.url.endsWith('/cancel')); i++)
      await sleep(20);
    // One cancel, or two when the job showed signs of running after the first was answered.
    const cancels = requests.filter((r) => r.url.endsWith('/cancel')).length;
    expect(cancels === 1 || cancels === 2).toBe(true);
    const status = await loopStatus(client, token);
    if (status !== null) await expectLoopStopped(client, token);
  });

  // queue_app runs one job at a time, so the jobs below really wait in line. Servers before
  // Gradio 6.14 do not take a waiting job out of the queue on /cancel (gradio#13323); the client
  // then cuts the job's session stream, or cancels the job the moment it starts.
  const lineReport = async (client: GradioClient, prefix: string) => {
    const [text] = await firstValueFrom(client.predict$<[string]>('/line_report', [prefix]));
    return JSON.parse(text) as { started: string[]; finished: string[] };
  };
  const waitingWithId = (events: SubmitEvent[]) =>
    events.some((e) => e.type === 'status' && e.stage === 'pending' && e.eventId !== null);

  it('a job unsubscribed while it waits in line never runs; the others run in order', async () => {
    const client = await connect('queue_app');
    const prefix = `line-${Date.now()}-`;
    const tokens = ['a', 'b', 'c', 'd'].map((t) => prefix + t);
    const events = tokens.map(() => [] as SubmitEvent[]);
    const results = tokens.map(() => [] as unknown[]);
    const submit = (i: number) =>
      client.submit$('/line', [tokens[i], 0.4]).subscribe((e) => {
        events[i]?.push(e);
        if (e.type === 'data') results[i]?.push(e.data[0]);
      });
    // c really waits in line: a runs and b waits before c joins (their joins would race).
    const subscriptions = [submit(0), submit(1)];
    while (!events[0]?.some((e) => e.type === 'status' && e.stage === 'processing'))
      await sleep(10);
    while (!waitingWithId(events[1] ?? [])) await sleep(10);
    subscriptions.push(submit(2), submit(3));
    while (!waitingWithId(events[2] ?? [])) await sleep(10);
    subscriptions[2]?.unsubscribe();
    while ([0, 1, 3].some((i) => results[i]?.length !== 1)) await sleep(20);
    await sleep(600); // time enough for a job left in the queue to run
    const report = await lineReport(client, prefix);
    expect(report.finished).toEqual([tokens[0], tokens[1], tokens[3]]);
    expect(report.started).toEqual(report.finished);
    expect(results).toEqual([[tokens[0]], [tokens[1]], [], [tokens[3]]]);
    await client.close();
  });

  it('a waiting job that shares its session with a running job is stopped without harming it', async () => {
    const [blocker, client] = await Promise.all([connect('queue_app'), connect('queue_app')]);
    const prefix = `shared-${Date.now()}-`;
    // Another client keeps /line busy, so this client's /line job waits; its /wait job runs
    // meanwhile in the same session (different endpoints share the client's session).
    const first = firstValueFrom(blocker.predict$('/line', [`${prefix}blocker`, 1]));
    await sleep(200);
    const waited = firstValueFrom(client.predict$<[string]>('/wait', [1.5]));
    const events: SubmitEvent[] = [];
    const subscription = client
      .submit$('/line', [`${prefix}waiting`, 0.5])
      .subscribe((e) => events.push(e));
    while (!waitingWithId(events)) await sleep(10);
    subscription.unsubscribe();
    expect(await waited).toEqual(['waited 1.5']);
    await first;
    await sleep(800);
    const report = await lineReport(client, prefix);
    expect(report.finished).toEqual([`${prefix}blocker`]);
    // Gradio 6.14+ removes it from the queue; older servers start it and it is cancelled at once.
    if (cancelRemovesQueued(pinnedGradioVersion()))
      expect(report.started).toEqual([`${prefix}blocker`]);
    expect(events.some((e) => e.type === 'data')).toBe(false);
    await Promise.all([blocker.close(), client.close()]);
  });
});

describe('sessions and event streams (counted at the server)', () => {
  it('concurrent jobs of different endpoints share one session and one stream', async () => {
    const client = await connect('jobs_app');
    const results = await Promise.all([
      firstValueFrom(client.predict$('/echo', ['a'])),
      firstValueFrom(client.predict$('/multi', ['b', 1])),
      lastValueFrom(client.predict$('/count', { n: 5 })),
      firstValueFrom(client.predict$('/progress', [2])),
      firstValueFrom(client.predict$('/logs', ['c'])),
    ]);
    expect(results).toEqual([
      ['a'],
      ['B', 2, { text: 'b', n: 1 }],
      ['0 1 2 3 4 '],
      ['did 2 steps'],
      ['c'],
    ]);
    expect(client.sessions.all).toHaveLength(1);
    const stats = await streamStats('jobs_app', [client.sessions.primary.hash]);
    expect(stats[client.sessions.primary.hash]?.opened).toBe(1);
  });

  it('100 concurrent jobs on one client all complete with their own results', async () => {
    const client = await connect('jobs_app');
    const inputs = Array.from({ length: 100 }, (_, i) => `job-${i}`);
    const results = await Promise.all(
      inputs.map((text) => firstValueFrom(client.predict$<[string]>('/echo', [text]))),
    );
    expect(results.map(([r]) => r)).toEqual(inputs);
    const hashes = client.sessions.all.map((s) => s.hash);
    const stats = await streamStats('jobs_app', hashes);
    const opened = Object.values(stats).reduce((sum, s) => sum + s.opened, 0);
    const clientOpened = client.sessions.all.reduce((sum, s) => sum + s.streamsOpened, 0);
    // One session per concurrently running job of the endpoint, up to the cap; the server saw exactly what the client opened.
    expect(hashes.length).toBeLessThanOrEqual(32); // the pool's cap: the server keeps only 2,000 sessions
    expect(opened).toBe(clientOpened);
    await sleep(100);
    const after = await streamStats('jobs_app', hashes);
    expect(Object.values(after).every((s) => s.open === 0)).toBe(true);
    console.log(
      `100 concurrent /echo jobs: ${hashes.length} sessions, ${opened} event streams opened`,
    );
  });

  it('sequential jobs reuse the primary session', async () => {
    const client = await connect('jobs_app');
    for (let i = 0; i < 5; i++)
      expect(await firstValueFrom(client.predict$('/echo', [`s${i}`]))).toEqual([`s${i}`]);
    expect(client.sessions.all).toHaveLength(1);
  });

  it('sequential jobs reuse one TCP connection: the server ends each event stream', async () => {
    const client = await connect('jobs_app');
    await firstValueFrom(client.predict$('/echo', ['warm']));
    let connections = 0;
    const count = () => connections++;
    diagnostics.subscribe('undici:client:connected', count);
    try {
      for (let i = 0; i < 20; i++) await firstValueFrom(client.predict$('/echo', [`t${i}`]));
    } finally {
      diagnostics.unsubscribe('undici:client:connected', count);
    }
    // Aborting each stream mid-response would cost a new connection per job (20 here).
    expect(connections).toBeLessThanOrEqual(2);
    await client.close();
  });
});
