import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  formatApi,
  connect$,
  onlyClient,
  type GradioClient,
  type RenderEvent,
  type SubmitEvent,
} from '../../lib/index';
import { failure } from '../support/failure';
import { appUrl } from '../support/fixtures';

/**
 * `@gr.render` against spec/fixtures/apps/render_app.py: its render function `/apply` builds
 * `/{prefix}_{i}` endpoints (answering `"{prefix}{i}:{text}"`) and `/stateful_{prefix}` (a running
 * total in session state). The server keeps renders per session.
 */

const connect = (): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl('render_app')).pipe(onlyClient()));

/** Runs `use` with a fresh client (its own session) and closes it afterwards. */
async function withClient(use: (client: GradioClient) => Promise<void>): Promise<void> {
  const client = await connect();
  try {
    await use(client);
  } finally {
    await client.close();
  }
}

const render = (client: GradioClient, count: number, prefix: string): Promise<SubmitEvent[]> =>
  lastValueFrom(client.submit$('/apply', { count, prefix }).pipe(toArray()));

const renderEvent = (events: SubmitEvent[]): RenderEvent => {
  const found = events.filter((e): e is RenderEvent => e.type === 'render');
  expect(found).toHaveLength(1);
  return found[0] as RenderEvent;
};

const names = (client: GradioClient): string[] => Object.keys(client.viewApi().namedEndpoints);

describe('gr.render', () => {
  it('lists the render function, and no rendered endpoint before a render', () =>
    withClient(async (client) => {
      const apply = client.viewApi().namedEndpoints['/apply'];
      expect(apply).toMatchObject({ visibility: 'undocumented', renderedIn: null });
      expect(apply?.renderId).toEqual(expect.any(Number));
      expect(apply?.parameters.map((p) => p.name)).toEqual(['count', 'prefix']);
      expect(names(client)).toEqual(expect.arrayContaining(['/apply', '/set_count']));
      expect(names(client).some((n) => n.startsWith('/box_'))).toBe(false);
      expect(formatApi(client.viewApi())).toMatch(/Render function: calling it builds/);
      const error = await failure(firstValueFrom(client.predict$('/box_0', ['x'])));
      expect(error).toMatchObject({ code: 'UNKNOWN_ENDPOINT' });
    }));

  it('makes the rendered endpoints callable, announced by a render event before the final status', () =>
    withClient(async (client) => {
      const events = await render(client, 3, 'q');
      const event = renderEvent(events);
      expect(event.endpoints).toEqual(['/q_0', '/q_1', '/q_2', '/stateful_q']);
      expect(event.config.dependencies).toHaveLength(4);
      expect(events.indexOf(event)).toBe(events.length - 2);
      expect(events.at(-1)).toMatchObject({ type: 'status', stage: 'complete' });
      expect(await firstValueFrom(client.predict$('/q_1', ['hi']))).toEqual(['q1:hi']);
      expect(await firstValueFrom(client.predict$('/q_2', { q2: 'named' }))).toEqual(['q2:named']);
      const rendered = client.viewApi().namedEndpoints['/q_0'];
      expect(rendered).toMatchObject({ renderedIn: event.renderId, renderId: null });
      expect(formatApi(client.viewApi())).toMatch(/Rendered at run time/);
    }));

  it('the endpoints are callable from the render event handler itself', () =>
    withClient(async (client) => {
      const answer = await new Promise<unknown>((resolve, reject) => {
        client.submit$('/apply', { count: 1, prefix: 'h' }).subscribe({
          next: (event) => {
            if (event.type === 'render')
              firstValueFrom(client.predict$('/h_0', ['now'])).then(resolve, reject);
          },
          error: reject,
        });
      });
      expect(answer).toEqual(['h0:now']);
    }));

  it('a new render of the same block replaces its endpoints', () =>
    withClient(async (client) => {
      await render(client, 2, 'old');
      const event = renderEvent(await render(client, 1, 'new'));
      expect(event.endpoints).toEqual(['/new_0', '/stateful_new']);
      expect(names(client)).toEqual(expect.arrayContaining(['/new_0']));
      expect(names(client).filter((n) => n.startsWith('/old'))).toEqual([]);
      expect(await failure(firstValueFrom(client.predict$('/old_0', ['x'])))).toMatchObject({
        code: 'UNKNOWN_ENDPOINT',
      });
      expect(await firstValueFrom(client.predict$('/new_0', ['x']))).toEqual(['new0:x']);
      const none = renderEvent(await render(client, 0, 'none'));
      expect(none.endpoints).toEqual([]);
      expect(names(client).filter((n) => n.startsWith('/new'))).toEqual([]);
    }));

  it('keeps a view per session: two clients render different endpoints at once', async () => {
    const a = await connect();
    const b = a.duplicateSession();
    try {
      await Promise.all([render(a, 2, 'a'), render(b, 1, 'b')]);
      expect(names(a)).toEqual(expect.arrayContaining(['/a_0', '/a_1']));
      expect(names(a).some((n) => n.startsWith('/b_'))).toBe(false);
      expect(names(b)).toEqual(expect.arrayContaining(['/b_0']));
      expect(names(b).some((n) => n.startsWith('/a_'))).toBe(false);
      const answers = await Promise.all([
        firstValueFrom(a.predict$('/a_1', ['x'])),
        firstValueFrom(b.predict$('/b_0', ['y'])),
        firstValueFrom(a.predict$('/a_0', ['z'])),
      ]);
      expect(answers).toEqual([['a1:x'], ['b0:y'], ['a0:z']]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('rendered endpoints run in the session that rendered them, with its state', () =>
    withClient(async (client) => {
      await render(client, 1, 's');
      // Concurrent calls of one endpoint are spread over extra sessions, unless they must stay in
      // the one that rendered them (elsewhere the server does not know the endpoint).
      const echoes = await Promise.all(
        ['x', 'y', 'z'].map((t) => firstValueFrom(client.predict$('/s_0', [t]))),
      );
      expect(echoes).toEqual([['s0:x'], ['s0:y'], ['s0:z']]);
      const totals = await Promise.all(
        [1, 2, 3].map((n) => firstValueFrom(client.predict$('/stateful_s', [n]))),
      );
      expect(Math.max(...totals.map(([t]) => t as number))).toBe(6);
      expect(await firstValueFrom(client.predict$('/stateful_s', [4]))).toEqual([10]);
    }));

  it('resetSession forgets the renders, as the fresh server session has none', () =>
    withClient(async (client) => {
      await render(client, 1, 'r');
      expect(names(client)).toContain('/r_0');
      client.resetSession();
      expect(names(client)).not.toContain('/r_0');
      await render(client, 1, 'r');
      expect(await firstValueFrom(client.predict$('/r_0', ['again']))).toEqual(['r0:again']);
    }));

  it('an ordinary call does not render (the server never chains events)', () =>
    withClient(async (client) => {
      const events = await lastValueFrom(client.submit$('/set_count', [5]).pipe(toArray()));
      expect(events.some((e) => e.type === 'render')).toBe(false);
      expect(names(client).some((n) => n.startsWith('/box_'))).toBe(false);
    }));
});
