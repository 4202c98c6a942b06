/**
 * Run as a child process by the lifecycle spec: connects to the stateful app (so a heartbeat
 * opens), runs calls, starts a generator, closes the client, prints "closed <sessionHash>", and
 * then must exit on its own: anything left open (socket, timer) keeps Node alive.
 */
import { firstValueFrom } from 'rxjs';
import { connect$, onlyClient } from '../../lib/index';

const [stateUrl, jobsUrl] = process.argv.slice(2) as [string, string];
const client = await firstValueFrom(connect$(stateUrl).pipe(onlyClient()));
await firstValueFrom(client.predict$('/increment'));
await firstValueFrom(client.predict$('/increment'));
const jobs = await firstValueFrom(connect$(jobsUrl).pipe(onlyClient()));
jobs.predict$('/loop', [`probe-${Date.now()}`]).subscribe({ error: () => undefined });
await new Promise((r) => setTimeout(r, 300));
await Promise.all([client.close(), jobs.close()]);
console.log(`closed ${client.sessionHash}`);
