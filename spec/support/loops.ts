import { expect } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import type { GradioClient } from '../../lib/index';

/** What jobs_app's endless `/loop` generator recorded for a token (server side). */
export interface LoopStatus {
  iterations: number;
  closed: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a `/loop` job's server-side record through `/loop_status` (null if it never started). */
export async function loopStatus(client: GradioClient, token: string): Promise<LoopStatus | null> {
  const [text] = await firstValueFrom(client.predict$<[string]>('/loop_status', [token]));
  return JSON.parse(text) as LoopStatus | null;
}

/** Waits until the server reports the loop closed, and checks it stops counting. */
export async function expectLoopStopped(client: GradioClient, token: string): Promise<LoopStatus> {
  let status = await loopStatus(client, token);
  for (let i = 0; i < 100 && status !== null && !status.closed; i++) {
    await sleep(50);
    status = await loopStatus(client, token);
  }
  expect(status?.closed).toBe(true);
  await sleep(200);
  const later = await loopStatus(client, token);
  expect(later?.iterations).toBe(status?.iterations);
  return status as LoopStatus;
}
