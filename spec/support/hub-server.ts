/**
 * A local stand-in for the Hugging Face hub, for the Space specs (the real hub is not reachable
 * here). It implements the hub endpoints gradio-rx uses and also plays the Space host
 * (`*.hf.space`): `/proxy/{owner}/{name}/...` forwards to a real local Gradio fixture app while
 * the Space is RUNNING, answers 503 while it sleeps or builds (a request to a sleeping Space wakes
 * it, as on the hub) and refuses private Spaces without a valid token.
 *
 * Specs script Spaces through `POST /__test/spaces` and read what the hub received through
 * `GET /__test/log?space=owner/name`.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

export const VALID_TOKEN = 'hf_valid_test_token';
export const TEST_USER = 'tester';

interface Space {
  id: string;
  target: string;
  private: boolean;
  stage: string;
  /** Stages still to come, one per status poll (after a wake, for a sleeping Space). */
  upcoming: string[];
  hardware: string;
  requestedHardware: string | null;
  /** Replica id → the Gradio app it runs; empty for a Space served by `target` alone. */
  replicas: Map<string, string>;
  /** Plain requests (no `/--replicas/{id}/`) go to the replicas in turn, as a balancer would. */
  turn: number;
  /** The answers each replica is still sending (a replica that goes away cuts them). */
  open: Map<string, Set<ServerResponse>>;
}

export interface HubLogEntry {
  method: string;
  path: string;
  /** The query string (`?a=b`) of a request to a Space host, else absent. */
  query?: string;
  authorization: string | null;
  body: unknown;
}

export interface SpaceScript {
  id: string;
  /** The real Gradio app this Space serves. */
  target: string;
  private?: boolean;
  /** First stage, then one more per status poll. Default: RUNNING. */
  stages?: string[];
  hardware?: string;
  /**
   * Several replicas (id → a real Gradio app each): plain requests to the Space are spread over
   * them in turn, `/--replicas/{id}/...` reaches one, and every answer names its replica in
   * `x-proxied-replica` (`{space hash}-{id}`), as the Hugging Face proxy does.
   */
  replicas?: Record<string, string>;
}

export class HubServer {
  private server: Server | undefined;
  private readonly spaces = new Map<string, Space>();
  private readonly log: HubLogEntry[] = [];
  /** Signatures the hub gave out (`/api/spaces/{id}/jwt`), with the Space each is for. */
  private readonly signatures = new Map<string, string>();
  url = '';

  async start(): Promise<string> {
    this.server = createServer(
      (req, res) =>
        void this.handle(req, res).catch((e) => this.send(res, 500, { error: String(e) })),
    );
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private script(script: SpaceScript): Space {
    const [first = 'RUNNING', ...upcoming] = script.stages ?? ['RUNNING'];
    const space: Space = {
      id: script.id,
      target: script.target.replace(/\/+$/, ''),
      private: script.private ?? false,
      stage: first,
      upcoming,
      hardware: script.hardware ?? 'cpu-basic',
      requestedHardware: null,
      replicas: new Map(
        Object.entries(script.replicas ?? {}).map(([id, url]) => [id, url.replace(/\/+$/, '')]),
      ),
      turn: 0,
      open: new Map(),
    };
    this.spaces.set(space.id, space);
    return space;
  }

  private hostOf(space: Space): string {
    return `${this.url}/proxy/${space.id}`;
  }

  private info(space: Space) {
    return {
      id: space.id,
      private: space.private,
      host: this.hostOf(space),
      subdomain: space.id.replace('/', '-'),
      runtime: {
        stage: space.stage,
        hardware: {
          current: space.stage === 'RUNNING' ? space.hardware : null,
          requested: space.requestedHardware ?? space.hardware,
        },
      },
    };
  }

  private authorized(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${VALID_TOKEN}`;
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    type = 'application/json',
  ): void {
    res.writeHead(status, { 'content-type': type });
    res.end(type === 'application/json' ? JSON.stringify(body) : String(body));
  }

  private async readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    try {
      return text ? JSON.parse(text) : null;
    } catch {
      return text;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname;
    if (path === '/__test/spaces' && req.method === 'POST') {
      const space = this.script((await this.readBody(req)) as SpaceScript);
      this.send(res, 200, { host: this.hostOf(space) });
      return;
    }
    if (path === '/__test/replicas' && req.method === 'POST') {
      // A replica goes away (`remove`): what it was still sending is cut (event streams break),
      // and requests pinned to it get the proxy's 404 from now on.
      const { id, remove } = (await this.readBody(req)) as { id: string; remove: string };
      const space = this.spaces.get(id);
      const removed = space?.replicas.delete(remove) ?? false;
      for (const answer of space?.open.get(remove) ?? []) answer.destroy();
      space?.open.delete(remove);
      this.send(res, removed ? 200 : 404, { removed });
      return;
    }
    if (path === '/__test/log') {
      const id = url.searchParams.get('space');
      this.send(
        res,
        200,
        this.log.filter((e) => !id || e.path.includes(`/${id}`) || e.path === '/api/whoami-v2'),
      );
      return;
    }
    if (path.startsWith('/proxy/')) {
      await this.proxy(req, res, path.slice('/proxy/'.length), url.search);
      return;
    }
    const body = req.method === 'POST' ? await this.readBody(req) : null;
    this.log.push({
      method: req.method ?? 'GET',
      path,
      authorization: req.headers.authorization ?? null,
      body,
    });
    if (path === '/api/whoami-v2') {
      if (!this.authorized(req))
        this.send(res, 401, { error: 'Invalid credentials in Authorization header' });
      else this.send(res, 200, { type: 'user', name: TEST_USER });
      return;
    }
    const match =
      /^\/api\/spaces\/([^/]+\/[^/]+)(?:\/(host|runtime|duplicate|sleeptime|hardware|jwt))?$/.exec(
        path,
      );
    if (!match) {
      this.send(res, 404, { error: 'Not found' });
      return;
    }
    const [, id = '', action] = match;
    const space = this.spaces.get(id);
    if (action === 'duplicate') {
      if (!this.authorized(req)) return this.send(res, 401, { error: 'Invalid credentials' });
      if (!space) return this.send(res, 404, { error: 'Repository not found' });
      const request = body as { repository: string; private?: boolean; hardware?: string };
      if (this.spaces.has(request.repository))
        return this.send(res, 409, { error: 'You already created this space repo' });
      this.script({
        id: request.repository,
        target: space.target,
        private: request.private ?? false,
        hardware: request.hardware ?? 'cpu-basic',
        stages: ['BUILDING', 'BUILDING', 'APP_STARTING', 'RUNNING'],
      });
      return this.send(res, 200, { url: `${this.url}/spaces/${request.repository}` });
    }
    if (!space || (space.private && !this.authorized(req))) {
      // The hub answers 401 for both: it does not reveal that a private Space exists.
      return this.send(res, space ? 401 : 404, { error: 'Repository not found' });
    }
    if (action === 'sleeptime' || action === 'hardware') return this.send(res, 200, { ok: true });
    if (action === 'jwt') {
      // The hub signs for a signed-in user only; the signature opens this Space's URLs alone.
      if (!this.authorized(req)) return this.send(res, 401, { error: 'Invalid credentials' });
      const token = `eyJ.${Buffer.from(space.id).toString('base64url')}.${Math.random().toString(36).slice(2)}`;
      this.signatures.set(token, space.id);
      return this.send(res, 200, { token });
    }
    if (action === 'host')
      return this.send(res, 200, {
        host: this.hostOf(space),
        subdomain: space.id.replace('/', '-'),
      });
    if (action === 'runtime') return this.send(res, 200, this.info(space).runtime);
    // Status poll: answer with the current stage, then move on one step for the next poll; a
    // sleeping Space stays asleep until a request to its host wakes it.
    this.send(res, 200, this.info(space));
    if (space.stage !== 'SLEEPING' && space.upcoming.length) {
      space.stage = space.upcoming.shift() as string;
    }
  }

  private async proxy(
    req: IncomingMessage,
    res: ServerResponse,
    rest: string,
    search: string,
  ): Promise<void> {
    const [owner = '', name = '', ...tail] = rest.split('/');
    const space = this.spaces.get(`${owner}/${name}`);
    this.log.push({
      method: req.method ?? 'GET',
      path: `/proxy/${owner}/${name}/${tail.join('/')}`,
      query: search,
      authorization: req.headers.authorization ?? null,
      body: null,
    });
    if (!space) return this.send(res, 404, '<html>404 Space not found</html>', 'text/html');
    // A private Space lets in the token, or (where a page cannot send headers) its signature.
    const signature = new URLSearchParams(search).get('__sign');
    const signed = signature !== null && this.signatures.get(signature) === space.id;
    if (space.private && !this.authorized(req) && !signed)
      return this.send(res, 401, '<html>Sign in to see this private Space</html>', 'text/html');
    if (space.stage === 'SLEEPING') {
      space.stage = space.upcoming.shift() ?? 'RUNNING'; // a request wakes a sleeping Space
      return this.send(res, 503, '<html>This Space is waking up</html>', 'text/html');
    }
    if (space.stage !== 'RUNNING' && space.stage !== 'RUNNING_BUILDING')
      return this.send(res, 503, '<html>Space not running</html>', 'text/html');
    let base = space.target;
    let replica: string | null = null;
    if (space.replicas.size > 0) {
      if (tail[0] === '--replicas') {
        replica = tail[1] ?? '';
        tail.splice(0, 2);
        const pinned = space.replicas.get(replica);
        if (!pinned) return this.send(res, 404, '<html>Replica not found</html>', 'text/html');
        base = pinned;
      } else {
        const ids = [...space.replicas.keys()];
        replica = ids[space.turn++ % ids.length] as string;
        base = space.replicas.get(replica) as string;
      }
    }
    if (replica !== null) {
      const open = space.open.get(replica) ?? new Set<ServerResponse>();
      space.open.set(replica, open.add(res));
      res.on('close', () => open.delete(res));
    }
    const target = new URL(`${base}/${tail.join('/')}${search}`);
    const headers = { ...req.headers, host: target.host };
    await new Promise<void>((resolve) => {
      const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          ...(replica !== null ? { 'x-proxied-replica': `h4sh5pc-${replica}` } : {}),
        });
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', resolve);
      });
      upstream.on('error', () => {
        if (!res.headersSent) this.send(res, 502, 'bad gateway', 'text/plain');
        resolve();
      });
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
  }
}
