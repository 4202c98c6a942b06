import { describe, expect, it } from '@jest/globals';
import { defer, firstValueFrom, lastValueFrom } from 'rxjs';
import {
  formatApi,
  connect$,
  generateTypes,
  onlyClient,
  retryWhenSafe,
  USER_AGENT,
  VERSION,
  ZeroGpuError,
  type ConnectOptions,
  type FileData,
} from '../../lib/index';
import { failure } from '../support/failure';
import { appUrl, gradioMajor, serverOrigin } from '../support/fixtures';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/gradio-server';
import { handleFile } from '../../lib/index';

const connect = (options: ConnectOptions = {}, module = 'hosted_app') =>
  firstValueFrom(connect$(appUrl(module), options).pipe(onlyClient()));

/** A fetch that records the body of every job POST (join, run, chunk) the client sends. */
function recordingBodies() {
  const jobs: { url: string; body: Record<string, unknown> }[] = [];
  const recorder: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.method === 'POST' && /\/(queue\/join|run\/|stream\/)/.test(request.url)) {
      const text = await request.clone().text();
      jobs.push({
        url: request.url,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
    }
    return fetch(request);
  };
  return { fetch: recorder, jobs };
}

/** Recent Gradio 6 takes a gr.OAuthToken from an API call's body (and flags such endpoints). */
const tokenTaking = gradioMajor() >= 6;

/**
 * Before that, the client cannot know which endpoints take a token, so it sends none: the app
 * then says that the user is not signed in.
 */
async function noTokenSentBeforeGradio6(): Promise<void> {
  const { fetch, jobs } = recordingBodies();
  const client = await connect({ oauthToken: 'hf_oauth_user', fetch });
  const error = await failure(firstValueFrom(client.predict$('/needs_token', ['hi'])));
  expect(error).toMatchObject({ code: 'APP_ERROR' });
  expect(jobs.length).toBeGreaterThan(0);
  expect(jobs.every((job) => !('oauth_token' in job.body))).toBe(true);
  await client.close();
}

const itTakesTokens = (name: string, fn: () => Promise<void>) =>
  tokenTaking
    ? it(name, fn)
    : it(`${name} (before Gradio 6: no token is sent)`, noTokenSentBeforeGradio6);

describe('oauthToken: the user token for gr.OAuthToken parameters', () => {
  it('viewApi and the generated types say which endpoints take one', async () => {
    const client = await connect();
    const api = client.viewApi();
    expect(api.namedEndpoints['/needs_token']?.oauthToken).toBe(tokenTaking ? 'required' : null);
    expect(api.namedEndpoints['/maybe_token']?.oauthToken).toBe(tokenTaking ? 'optional' : null);
    expect(api.namedEndpoints['/plain']?.oauthToken).toBeNull();
    if (tokenTaking) {
      expect(formatApi(client.viewApi())).toContain('Takes a gr.OAuthToken (required)');
      expect(generateTypes(api)).toContain('Takes a gr.OAuthToken (required)');
    }
    await client.close();
  });

  itTakesTokens(
    'reaches the endpoints that take one, in the job body, and no other endpoint',
    async () => {
      const { fetch, jobs } = recordingBodies();
      const client = await connect({ oauthToken: 'hf_oauth_user', fetch });
      expect(await firstValueFrom(client.predict$('/needs_token', ['hi']))).toEqual([
        'hi: hf_oauth_user',
      ]);
      // A call's own token wins over the client's.
      expect(
        await firstValueFrom(client.predict$('/maybe_token', ['yo'], { oauthToken: 'hf_other' })),
      ).toEqual(['yo: hf_other']);
      expect(await firstValueFrom(client.predict$('/plain', ['x']))).toEqual(['X']);
      const tokens = jobs.map((job) => job.body.oauth_token);
      expect(tokens).toEqual(['hf_oauth_user', 'hf_other', undefined]);
      expect(jobs.every((job) => job.url.startsWith(serverOrigin('hosted_app')))).toBe(true);
      await client.close();
    },
  );

  itTakesTokens(
    'a required token that is missing fails with OAUTH_REQUIRED before anything is sent; an optional one is left out',
    async () => {
      const { fetch, jobs } = recordingBodies();
      const client = await connect({ fetch });
      const error = await failure(firstValueFrom(client.predict$('/needs_token', ['hi'])));
      expect(error).toMatchObject({ code: 'OAUTH_REQUIRED', endpoint: '/needs_token' });
      expect((error as Error).message).toContain('oauthToken');
      expect(jobs).toHaveLength(0);
      expect(await firstValueFrom(client.predict$('/maybe_token', ['yo']))).toEqual([
        'yo: anonymous',
      ]);
      expect(jobs[0]?.body).not.toHaveProperty('oauth_token');
      await client.close();
    },
  );
});

describe('ZeroGPU failures are typed', () => {
  const cases: [kind: string, code: string, retryAfter: number | null, title: string][] = [
    ['quota', 'ZEROGPU_QUOTA', 253_000, 'ZeroGPU quota exceeded'],
    ['runs', 'ZEROGPU_QUOTA', null, 'ZeroGPU quota exceeded'],
    ['anonymous', 'ZEROGPU_QUOTA', null, 'ZeroGPU quota exceeded'],
    ['pending', 'ZEROGPU_QUOTA', null, 'ZeroGPU pending credits exceeded'],
    ['queue', 'ZEROGPU_UNAVAILABLE', null, 'ZeroGPU queue timeout'],
    ['busy', 'ZEROGPU_UNAVAILABLE', null, 'ZeroGPU client error'],
    ['aborted', 'ZEROGPU_ABORTED', null, 'ZeroGPU worker error'],
    ['duration', 'ZEROGPU_DURATION', null, 'ZeroGPU illegal duration'],
  ];

  it('each text the ZeroGPU runtime raises becomes its own code, with the retry-after it carries', async () => {
    const client = await connect();
    for (const [kind, code, retryAfter, title] of cases) {
      const error = await failure(firstValueFrom(client.predict$('/zerogpu', [kind])));
      expect(error).toBeInstanceOf(ZeroGpuError);
      expect(error).toMatchObject({ code, retryAfter, endpoint: '/zerogpu' });
      // Gradio 5+ sends the gr.Error title; Gradio 4 has none.
      expect((error as ZeroGpuError).title).toBe(gradioMajor() >= 5 ? title : null);
    }
    await client.close();
  });

  it('retryWhenSafe waits the retry-after of a quota error, then the call runs', async () => {
    const client = await connect();
    const tag = `q-${Date.now()}-${Math.random()}`;
    const started = Date.now();
    const [text] = await lastValueFrom(
      defer(() => client.predict$<[string]>('/quota_once', [tag])).pipe(
        retryWhenSafe({ delay: 10 }),
      ),
    );
    expect(text).toBe('ran after 1 refusal(s)');
    // The app said "Try again in 0:00:01": the retry waited that, not the 10 ms backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await client.close();
  });

  it('retryWhenSafe leaves aborted GPU tasks and over-long waits alone', async () => {
    const client = await connect();
    const attempts = { aborted: 0, quota: 0 };
    const counted = (kind: 'aborted' | 'quota') =>
      defer(() => {
        attempts[kind]++;
        return client.predict$('/zerogpu', [kind]);
      }).pipe(retryWhenSafe({ delay: 10, maxRetryAfter: 60_000 }));
    expect(await failure(lastValueFrom(counted('aborted')))).toMatchObject({
      code: 'ZEROGPU_ABORTED',
    });
    // "Try again in 0:04:13" is past maxRetryAfter: passed through at once.
    expect(await failure(lastValueFrom(counted('quota')))).toMatchObject({ code: 'ZEROGPU_QUOTA' });
    expect(attempts).toEqual({ aborted: 1, quota: 1 });
    await client.close();
  });
});

describe('the client names itself', () => {
  it('every request carries User-Agent gradio-rx/<version> in Node, the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`gradio-rx/${pkg.version}`);
    const tag = `ua-${Date.now()}-${Math.random()}`;
    const client = await firstValueFrom(
      connect$(appUrl('files_app'), { headers: { 'x-spec-tag': tag } }).pipe(onlyClient()),
    );
    await firstValueFrom(
      client.predict$('/probe', [handleFile(new Blob(['hello']), { name: 'a.txt' })]),
    );
    const [file] = await firstValueFrom(
      client.predict$<[FileData, unknown]>('/write_file', ['ab', 2]),
    );
    await lastValueFrom(client.download$(file));
    await client.close();
    const seen = (await (
      await fetch(`${serverOrigin('files_app')}/__stats/agents?tag=${tag}`)
    ).json()) as [string, string, string][];
    const routes = seen.map(([method, path]) => `${method} ${path.replace(/^.*?\/files/, '')}`);
    for (const route of ['config', 'info', 'upload', 'queue/join', 'queue/data'])
      expect(routes.some((r) => r.includes(route))).toBe(true);
    expect(new Set(seen.map(([, , agent]) => agent))).toEqual(new Set([USER_AGENT]));
  });

  it("the caller's own user-agent header wins on the app's origin", async () => {
    const tag = `ua-own-${Date.now()}-${Math.random()}`;
    const client = await firstValueFrom(
      connect$(appUrl('files_app'), {
        headers: { 'x-spec-tag': tag, 'user-agent': 'my-app/2.0' },
      }).pipe(onlyClient()),
    );
    await client.close();
    const seen = (await (
      await fetch(`${serverOrigin('files_app')}/__stats/agents?tag=${tag}`)
    ).json()) as [string, string, string][];
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map(([, , agent]) => agent))).toEqual(new Set(['my-app/2.0']));
  });
});

describe('multipage apps', () => {
  const hasPages = gradioMajor() >= 5;
  const names = (client: { viewApi(): { namedEndpoints: Record<string, unknown> } }) =>
    Object.keys(client.viewApi().namedEndpoints).sort();

  it('the app root gives every page and lists the pages', async () => {
    const client = await connect({}, 'pages_app');
    expect(names(client)).toEqual(['/home_echo', '/second_echo']);
    expect(client.viewApi().page).toBeNull();
    expect(client.viewApi().pages).toEqual(
      hasPages
        ? [
            { path: '', name: 'Home', showInNavbar: true },
            { path: 'second', name: 'Second page', showInNavbar: true },
          ]
        : [],
    );
    await client.close();
  });

  it("a page's URL, or the page option, gives that page's endpoints", async () => {
    if (!hasPages) {
      // Gradio 4 has no pages: the option is refused with the reason, a page URL is not found.
      const refused = await failure(connect({ page: 'second' }, 'pages_app'));
      expect(refused).toMatchObject({ code: 'APP_NOT_FOUND' });
      expect((refused as Error).message).toContain('has no pages');
      const byUrl = await failure(
        firstValueFrom(connect$(`${appUrl('pages_app')}/second`).pipe(onlyClient())),
      );
      expect(byUrl).toMatchObject({ code: 'APP_NOT_FOUND' });
      return;
    }
    const byUrl = await firstValueFrom(
      connect$(`${appUrl('pages_app')}/second`).pipe(onlyClient()),
    );
    expect(byUrl.url).toBe(appUrl('pages_app'));
    expect(byUrl.viewApi().page).toBe('second');
    expect(names(byUrl)).toEqual(['/second_echo']);
    expect(await firstValueFrom(byUrl.predict$('/second_echo', ['hi']))).toEqual(['second: hi']);
    await byUrl.close();

    const home = await connect({ page: '' }, 'pages_app');
    expect(names(home)).toEqual(['/home_echo']);
    const error = await failure(firstValueFrom(home.predict$('/second_echo', ['hi'])));
    expect(error).toMatchObject({ code: 'UNKNOWN_ENDPOINT' });
    await home.close();

    const missing = await failure(connect({ page: 'third' }, 'pages_app'));
    expect(missing).toMatchObject({ code: 'APP_NOT_FOUND' });
    expect((missing as Error).message).toContain('"second" (Second page)');
  });

  it('a URL under the app that is no page stays APP_NOT_FOUND', async () => {
    const error = await failure(
      firstValueFrom(connect$(`${appUrl('pages_app')}/nowhere`).pipe(onlyClient())),
    );
    expect(error).toMatchObject({ code: 'APP_NOT_FOUND' });
  });
});
