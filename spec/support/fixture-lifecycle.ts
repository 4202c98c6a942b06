import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startGradioServer,
  stopGradioServer,
  type RunningServer,
} from '../../scripts/gradio-server';
import { FIXTURE_ENV, FIXTURE_SERVERS } from './fixture-servers';
import { HubServer } from './hub-server';

let running: RunningServer[] = [];
let hub: HubServer | undefined;

/** Starts every fixture server (in parallel) and the local hub, and publishes their URLs to the spec workers. */
export async function startFixtures(): Promise<void> {
  const started = await Promise.allSettled(FIXTURE_SERVERS.map((spec) => startGradioServer(spec)));
  running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  process.once('exit', () => running.forEach((s) => s.process.kill('SIGKILL')));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await stopFixtures();
    throw failure.reason;
  }
  const apps: Record<string, string> = {};
  for (const server of running) Object.assign(apps, server.apps);
  hub = new HubServer();
  apps.hub = await hub.start();
  const file = join(mkdtempSync(join(tmpdir(), 'gradio-rx-')), 'fixtures.json');
  writeFileSync(
    file,
    JSON.stringify({ apps, servers: running.map((s) => ({ name: s.name, origin: s.origin })) }),
  );
  process.env[FIXTURE_ENV] = file;
}

/** Stops every fixture server started by {@link startFixtures}. */
export async function stopFixtures(): Promise<void> {
  await hub?.stop();
  hub = undefined;
  await Promise.all(running.map(stopGradioServer));
  running = [];
}
