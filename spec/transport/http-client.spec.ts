import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../lib/transport/http-client';
import { USER_AGENT } from '../../lib/version';

describe('HttpClient credential scope', () => {
  const http = new HttpClient({
    trustedOrigins: ['http://127.0.0.1:7860'],
    token: 'hf_secret',
    headers: { 'x-custom': '1' },
    timeout: false,
  });

  it('gives the token and headers to trusted origins only', () => {
    expect(http.credentialHeaders('http://127.0.0.1:7860/gradio_api/info')).toEqual({
      authorization: 'Bearer hf_secret',
      'x-custom': '1',
    });
    expect(http.credentialHeaders('http://127.0.0.1:7861/x')).toEqual({});
    expect(http.credentialHeaders('https://files.example/cat.png')).toEqual({});
    expect(http.credentialHeaders('not a url')).toEqual({});
  });

  it('can trust a further origin (the hub, a resolved Space host)', () => {
    const scoped = new HttpClient({ trustedOrigins: [], token: 'hf_x', timeout: false });
    expect(scoped.isTrusted('https://owner-space.hf.space/config')).toBe(false);
    scoped.trust('https://owner-space.hf.space');
    expect(scoped.isTrusted('https://owner-space.hf.space/config')).toBe(true);
  });
});

describe('HttpClient cookies', () => {
  it('loads its jar with the first cookie a trusted origin sets, before handing the answer on', async () => {
    const sent: Request[] = [];
    const http = new HttpClient({
      trustedOrigins: ['http://127.0.0.1:7860'],
      timeout: false,
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        sent.push(request);
        const cookie = new URL(request.url).searchParams.get('set');
        return new Response('{}', cookie ? { headers: { 'set-cookie': cookie } } : {});
      },
    });
    // An untrusted origin's cookie, and a trusted answer without one: no jar.
    await http.ky.get('https://elsewhere.example/x?set=other%3D1');
    await http.ky.get('http://127.0.0.1:7860/config');
    expect(http.cookies).toBeNull();
    // The login's answer: the jar is there, with its cookie, once the answer is.
    await http.ky.post('http://127.0.0.1:7860/login?set=access-token%3Dt1%3B%20Path%3D%2F');
    expect(http.cookies).not.toBeNull();
    await http.ky.get('http://127.0.0.1:7860/config');
    expect(sent.at(-1)?.headers.get('cookie')).toBe('access-token=t1');
    expect(sent[0]?.headers.get('cookie')).toBeNull();
  });
});

describe('HttpClient.answered', () => {
  it('resolves once every request sent before the call is answered or failed', async () => {
    const answers: ((response: Response) => void)[] = [];
    const http = new HttpClient({
      trustedOrigins: [],
      timeout: false,
      fetch: () => new Promise<Response>((resolve) => answers.push(resolve)),
    });
    const first = http.ky.get('http://127.0.0.1:7860/a');
    const second = http.ky.post('http://127.0.0.1:7860/b').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 0));
    let done = false;
    const answered = http.answered().then(() => (done = true));
    answers[0]?.(new Response('a'));
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toBe(false);
    answers[1]?.(new Response('b'));
    await Promise.all([answered, second]);
    expect(done).toBe(true);
    await expect(http.answered()).resolves.toBeUndefined();
  });
});

describe('HttpClient.postJson (the streaming-input hot path)', () => {
  const staleSocket = () =>
    Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } });

  it('sends JSON with the credentials to trusted origins only, and keeps their cookies', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const http = new HttpClient({
      trustedOrigins: ['http://127.0.0.1:7860'],
      token: 'hf_secret',
      headers: { 'x-custom': '1' },
      timeout: false,
      fetch: async (input, init) => {
        seen.push({ url: String(input), init: init ?? {} });
        return new Response('{}', { headers: { 'set-cookie': 'route=r1; Path=/' } });
      },
    });
    await http.postJson(
      'http://127.0.0.1:7860/gradio_api/stream/e1',
      { data: [1] },
      {
        headers: { 'x-gradio-user': 'api' },
      },
    );
    await http.postJson('https://elsewhere.example/stream/e1', { data: [2] });
    expect(seen[0]?.init).toMatchObject({
      method: 'POST',
      body: '{"data":[1]}',
      // Node: a request that may not follow redirects is sent without a copy of its body.
      redirect: 'error',
      window: null,
      headers: {
        'user-agent': USER_AGENT,
        authorization: 'Bearer hf_secret',
        'x-custom': '1',
        'x-gradio-user': 'api',
        'content-type': 'application/json',
      },
    });
    // Another origin: no credentials, only the client's name.
    expect(seen[1]?.init.headers).toEqual({
      'user-agent': USER_AGENT,
      'content-type': 'application/json',
    });
    expect(http.credentialHeaders('http://127.0.0.1:7860/x').cookie).toBe('route=r1');
  });

  it('retries once a request whose reused socket was already closed, and nothing else', async () => {
    /** A client whose fetch throws `failure(call)` when it gives one, else answers; counts calls. */
    const counting = (failure: (call: number) => Error | null) => {
      const counted = { calls: 0 };
      const http = new HttpClient({
        trustedOrigins: [],
        timeout: false,
        fetch: async () => {
          const error = failure(++counted.calls);
          if (error) throw error;
          return new Response('ok');
        },
      });
      return { post: () => http.postJson('http://127.0.0.1:7860/s', {}), counted };
    };

    const once = counting((call) => (call === 1 ? staleSocket() : null));
    await expect(once.post()).resolves.toBeInstanceOf(Response);
    expect(once.counted.calls).toBe(2);

    const always = counting(() => staleSocket());
    await expect(always.post()).rejects.toThrow('fetch failed');
    expect(always.counted.calls).toBe(2);

    const redirected = counting((call) =>
      call === 1
        ? Object.assign(new TypeError('fetch failed'), { cause: new Error('unexpected redirect') })
        : null,
    );
    await expect(redirected.post()).resolves.toBeInstanceOf(Response);
    expect(redirected.counted.calls).toBe(2);

    const refused = counting(() =>
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
    );
    await expect(refused.post()).rejects.toThrow('fetch failed');
    expect(refused.counted.calls).toBe(1);
  });

  it('hands a redirect back as the answer (not followed, no credentials to its target)', async () => {
    const hits: { url: string; authorization: string | undefined; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (part: Buffer) => (body += part.toString()));
      request.on('end', () => {
        hits.push({ url: request.url ?? '', authorization: request.headers.authorization, body });
        if (request.url === '/moved') response.writeHead(307, { location: '/elsewhere' }).end();
        else response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const http = new HttpClient({ trustedOrigins: [origin], token: 'hf_secret', timeout: false });
      const response = await http.postJson(`${origin}/moved`, { data: [1] });
      expect(response.status).toBe(307);
      expect(response.headers.get('location')).toBe('/elsewhere');
      const ok = await http.postJson(`${origin}/here`, { data: [2] });
      expect(await ok.text()).toBe('ok');
      // The redirect was asked twice (the second time to read it), never followed.
      expect(hits.map((hit) => hit.url)).toEqual(['/moved', '/moved', '/here']);
      expect(hits.every((hit) => hit.authorization === 'Bearer hf_secret')).toBe(true);
      expect(hits[2]?.body).toBe('{"data":[2]}');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
