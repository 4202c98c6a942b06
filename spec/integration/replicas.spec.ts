import { describe, expect, it } from '@jest/globals';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { connect$, onlyClient, type FileData, type GradioClient } from '../../lib/index';
import { failure } from '../support/failure';
import { apiPrefix, appUrl } from '../support/fixtures';
import type { HubLogEntry } from '../support/hub-server';

/**
 * A Space with two replicas: the local hub fronts the hosted app's two processes (replica "a" in
 * the sessions server, "b" in the replica server) with the Hugging Face routing rule: plain
 * requests go to the replicas in turn, `/--replicas/{id}/` to one.
 */
const hub = () => appUrl('hub');
let spaces = 0;

async function twoReplicaSpace(): Promise<string> {
  const id = `owner${Date.now() % 100000}/replicated-${spaces++}`;
  await fetch(`${hub()}/__test/spaces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      target: appUrl('hosted_app'),
      replicas: { a: appUrl('hosted_app'), b: appUrl('hosted_twin_app') },
    }),
  });
  return id;
}

const connectTo = (id: string): Promise<GradioClient> =>
  firstValueFrom(
    connect$(id, { hubUrl: hub(), spaceWait: { initialDelay: 10 } }).pipe(onlyClient()),
  );

const other = (replica: string): string => (replica === 'a' ? 'b' : 'a');

const replicaOf = (client: GradioClient): string =>
  /\/--replicas\/([^/]+)$/.exec(client.url)?.[1] ?? 'none';

describe('replica affinity (a Space served by two real Gradio processes)', () => {
  it('the routing rule breaks a session that is not pinned: its stream lands on the other replica', async () => {
    const id = await twoReplicaSpace();
    const api = `${hub()}/proxy/${id}${apiPrefix()}`;
    const session = `unpinned${Date.now()}`;
    const fnIndex = (await connectTo(id).then(async (client) => {
      const index = client.endpoint('/replica').fnIndex;
      await client.close();
      return index;
    })) as number;
    // Joined on one replica...
    const join = await fetch(`${api}/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [null], fn_index: fnIndex, session_hash: session }),
    });
    expect(join.status).toBe(200);
    // ...the session's stream goes to the other, which does not know the session.
    const stream = await fetch(`${api}/queue/data?session_hash=${session}`, {
      signal: AbortSignal.timeout(3000),
    });
    let text = '';
    try {
      for await (const part of stream.body as unknown as AsyncIterable<Uint8Array>)
        text += new TextDecoder().decode(part);
    } catch {
      // timed out: the other replica never sends this job's result
    }
    expect(text).not.toContain('process_completed');
  });

  it('a client is pinned to one replica: state, uploads, streams and file URLs stay on it', async () => {
    const id = await twoReplicaSpace();
    const client = await connectTo(id);
    const pinned = replicaOf(client);
    expect(['a', 'b']).toContain(pinned);
    expect(client.url).toBe(`${hub()}/proxy/${id}/--replicas/${pinned}`);
    // Six calls of a stateful endpoint: one replica, one session (the count goes on).
    const served: unknown[] = [];
    for (let i = 0; i < 6; i++) served.push(await firstValueFrom(client.predict$('/replica')));
    expect(served).toEqual([1, 2, 3, 4, 5, 6].map((n) => [pinned, n]));
    // A file written by the replica is fetched from it (its URL is rebased onto the replica).
    const [note] = await firstValueFrom(client.predict$<[FileData]>('/note', ['hello']));
    expect(note.url).toContain(`/proxy/${id}/--replicas/${pinned}/`);
    const done = await lastValueFrom(client.download$(note));
    expect(new TextDecoder().decode((done as { data: Uint8Array }).data)).toBe(
      `hello from ${pinned}`,
    );
    await client.close();
    // After the config, every request the client sent to the Space named the replica.
    const log = (await (await fetch(`${hub()}/__test/log?space=${id}`)).json()) as HubLogEntry[];
    const proxied = log.filter((entry) => entry.path.startsWith(`/proxy/${id}/`));
    const afterConfig = proxied.slice(proxied.findIndex((e) => e.path.endsWith('/config')) + 1);
    const routes = afterConfig.map((e) => e.path);
    expect(routes.some((p) => p.includes('/queue/join'))).toBe(true);
    expect(routes.some((p) => p.includes('/queue/data'))).toBe(true);
    expect(routes.some((p) => p.includes('file='))).toBe(true);
    expect(
      routes.filter((p) => !p.includes('/info')).every((p) => p.includes(`/--replicas/${pinned}/`)),
    ).toBe(true);
  });

  it('when the pinned replica goes away, a job running there fails with CONNECTION_LOST, and the next call moves the client to the other replica in a fresh session', async () => {
    const id = await twoReplicaSpace();
    const client = await connectTo(id);
    const pinned = replicaOf(client);
    expect(await firstValueFrom(client.predict$('/replica'))).toEqual([pinned, 1]);
    expect(await firstValueFrom(client.predict$('/replica'))).toEqual([pinned, 2]);
    const oldSession = client.sessionHash;
    // A job is running on the replica when it goes away: its event stream is cut.
    const linger$ = client.submit$('/linger', [3]);
    const running = failure(lastValueFrom(linger$));
    await firstValueFrom(
      linger$.pipe(filter((e) => e.type === 'status' && e.stage === 'processing')),
    );
    await fetch(`${hub()}/__test/replicas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, remove: pinned }),
    });
    expect(await running).toMatchObject({ code: 'CONNECTION_LOST' });
    // The next call finds the replica gone, and runs on the other one: a new session there, so
    // its state starts over.
    expect(await firstValueFrom(client.predict$('/replica'))).toEqual([other(pinned), 1]);
    expect(replicaOf(client)).toBe(other(pinned));
    expect(client.sessionHash).not.toBe(oldSession);
    expect(await firstValueFrom(client.predict$('/replica'))).toEqual([other(pinned), 2]);
    // Its file URLs point at the new replica.
    const [note] = await firstValueFrom(client.predict$<[FileData]>('/note', ['moved']));
    expect(note.url).toContain(`/--replicas/${other(pinned)}/`);
    const done = await lastValueFrom(client.download$(note));
    expect(new TextDecoder().decode((done as { data: Uint8Array }).data)).toBe(
      `moved from ${other(pinned)}`,
    );
    await client.close();
  });

  it('jobs that find the replica gone at the same time move together, each run once', async () => {
    const id = await twoReplicaSpace();
    const client = await connectTo(id);
    const pinned = replicaOf(client);
    await firstValueFrom(client.predict$('/plain', ['warm']));
    await fetch(`${hub()}/__test/replicas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, remove: pinned }),
    });
    const results = await Promise.all(
      ['x', 'y', 'z'].map((text) => firstValueFrom(client.predict$('/plain', [text]))),
    );
    expect(results.map(([out]) => out)).toEqual(['X', 'Y', 'Z']);
    expect(replicaOf(client)).toBe(other(pinned));
    await client.close();
    // One config request moved the client: the three jobs shared it.
    const log = (await (await fetch(`${hub()}/__test/log?space=${id}`)).json()) as HubLogEntry[];
    const configs = log.filter((e) => e.path === `/proxy/${id}/config`);
    expect(configs).toHaveLength(2); // connect, then the move
    const joins = log.filter((e) => e.path.endsWith('/queue/join'));
    expect(joins.filter((e) => e.path.includes(`/--replicas/${other(pinned)}/`))).toHaveLength(3);
  });

  it('a Space with no other replica left: the call fails with APP_NOT_FOUND, typed', async () => {
    const id = await twoReplicaSpace();
    const client = await connectTo(id);
    const pinned = replicaOf(client);
    for (const replica of ['a', 'b'])
      await fetch(`${hub()}/__test/replicas`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, remove: replica }),
      });
    const error = await failure(firstValueFrom(client.predict$('/replica')));
    expect(error).toMatchObject({ code: 'APP_NOT_FOUND' });
    expect(replicaOf(client)).toBe(pinned);
    await client.close();
  });
});
