import { expect } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import type { GradioClient } from '../../lib/index';
import { gradioMajor } from './fixtures';

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

/** The loop ticks every 50 ms; this many ms without a tick means it is not running. */
const STILL_MS = 400;

/**
 * Whether the server stopped a `/loop` job within ~5 s. Gradio 5+ closes a cancelled generator
 * (its `finally` runs, so the record says `closed`); Gradio 4 stops resuming it but never closes
 * it, so there the proof is a count that holds still.
 */
export async function loopStopped(client: GradioClient, token: string): Promise<boolean> {
  if (gradioMajor() >= 5) {
    for (let i = 0; i < 100; i++) {
      if ((await loopStatus(client, token))?.closed) return true;
      await sleep(50);
    }
    return false;
  }
  for (let i = 0; i < 12; i++) {
    const before = await loopStatus(client, token);
    await sleep(STILL_MS);
    if (before && (await loopStatus(client, token))?.iterations === before.iterations) return true;
  }
  return false;
}

/** Waits until the server stopped the loop, and checks it stops counting. */
export async function expectLoopStopped(client: GradioClient, token: string): Promise<LoopStatus> {
  expect(await loopStopped(client, token)).toBe(true);
  const status = await loopStatus(client, token);
  await sleep(200);
  const later = await loopStatus(client, token);
  expect(later?.iterations).toBe(status?.iterations);
  return status as LoopStatus;
}
