import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, type Subscription } from 'rxjs';
import { connect$, onlyClient, type GradioClient } from '../../lib/index';
import { appUrl, pinnedGradioVersion, streamStats } from '../support/fixtures';
import { cancelRemovesQueued } from '../../lib/protocol/server-features';

// One session per concurrent job, so that every unsubscribed job can be cancelled on the server
// without stopping its neighbours (Gradio cancels per session and endpoint; see maxSessions).
const connect = (): Promise<GradioClient> =>
  firstValueFrom(connect$(appUrl('load_app'), { maxSessions: 1000 }).pipe(onlyClient()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded generator (mulberry32), so a failing run can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Report {
  started: string[];
  finished: Record<string, number>;
  cancelled: string[];
  /** When each finished job finished (wall-clock ms). */
  finished_at: Record<string, number>;
}

async function report(client: GradioClient, prefix: string): Promise<Report> {
  const [text] = await firstValueFrom(client.predict$<[string]>('/report', [prefix]));
  return JSON.parse(text) as Report;
}

interface Plan {
  token: string;
  /** When the job is unsubscribed: ms after subscribing, or ms after it started running; null to keep it. */
  drop: { after: 'subscribe' | 'start'; ms: number } | null;
  data: unknown[];
  completed: number;
  /** Whether the job was unsubscribed before its end (a planned drop that really happened). */
  unsubscribed?: boolean;
  unsubscribedAt?: number;
  errors: unknown[];
  subscription?: Subscription;
}

describe('load (real Gradio server)', () => {
  it('1,000 concurrent jobs with random unsubscribes: exact accounting, nothing left open', async () => {
    const seed = Number(process.env.GRADIO_RX_LOAD_SEED ?? Date.now() % 1_000_000);
    const rand = random(seed);
    const client = await connect();
    const prefix = `load-${seed}-`;
    const N = 1000;
    const JOB_SECONDS = 8;
    const plans: Plan[] = Array.from({ length: N }, (_, i) => {
      const r = rand();
      return {
        token: `${prefix}${i}`,
        drop:
          r < 0.15
            ? { after: 'subscribe', ms: Math.floor(rand() * 300) }
            : r < 0.3
              ? { after: 'start', ms: Math.floor(rand() * 2000) }
              : null,
        data: [],
        completed: 0,
        errors: [],
      };
    });

    const settled: Promise<void>[] = [];
    for (const plan of plans) {
      const drop = () => {
        // A job whose result came first (its start was seen late, under load) simply finished:
        // the unsubscribe comes after its end and is not a drop.
        if (plan.subscription && !plan.subscription.closed) {
          plan.unsubscribed = true;
          plan.unsubscribedAt = Date.now();
        }
        plan.subscription?.unsubscribe();
      };
      settled.push(
        new Promise<void>((resolve) => {
          plan.subscription = client.submit$('/slow_echo', [plan.token, JOB_SECONDS]).subscribe({
            next: (event) => {
              if (event.type === 'data') plan.data.push(event.data);
              if (
                event.type === 'status' &&
                event.stage === 'processing' &&
                plan.drop?.after === 'start'
              )
                setTimeout(drop, plan.drop.ms);
            },
            error: (error: unknown) => {
              plan.errors.push(error);
              resolve();
            },
            complete: () => {
              plan.completed++;
              resolve();
            },
          });
          plan.subscription.add(() => resolve());
        }),
      );
      if (plan.drop?.after === 'subscribe') setTimeout(drop, plan.drop.ms);
    }
    const sessions = client.sessions.all.map((s) => s.hash);
    await Promise.all(settled);
    const kept = plans.filter((p) => !p.unsubscribed);
    const dropped = plans.filter((p) => p.unsubscribed);
    const late = kept.filter((p) => p.drop !== null).length;
    // Nearly every planned drop must really happen, or the spec would prove little.
    expect(dropped.length).toBeGreaterThan(plans.filter((p) => p.drop !== null).length * 0.9);

    // Every kept job got exactly its own result, once, and completed once.
    const wrong = kept.filter(
      (p) =>
        p.errors.length > 0 ||
        p.completed !== 1 ||
        p.data.length !== 1 ||
        JSON.stringify(p.data[0]) !== JSON.stringify([p.token]),
    );
    expect({ seed, wrong: wrong.slice(0, 5) }).toEqual({ seed, wrong: [] });
    // Dropped jobs were unsubscribed before their result existed: no result, no end reached them.
    expect(
      dropped
        .filter((p) => p.data.length || p.completed || p.errors.length)
        .map(
          (p) =>
            `${p.token}: data ${p.data.length}, completed ${p.completed}, errors ${p.errors.map((e) => String((e as Error).message)).join(' | ')}`,
        ),
    ).toEqual([]);

    // At the server: each kept job ran to its end once; no dropped job finished (each was either
    // taken out of the queue before it started, or cancelled while it ran), but see the bound for
    // servers before 6.14 below.
    const server = await report(client, prefix);
    expect(kept.filter((p) => server.finished[p.token] !== 1).map((p) => p.token)).toEqual([]);
    const finishedDropped = dropped
      .filter((p) => p.token in server.finished)
      .map(
        (p) =>
          `${p.token}: finished ${Math.round((server.finished_at[p.token] ?? 0) - (p.unsubscribedAt ?? 0))} ms after the unsubscribe`,
      );
    if (cancelRemovesQueued(pinnedGradioVersion())) expect(finishedDropped).toEqual([]);
    else {
      // Before Gradio 6.14 a waiting job can be taken out of the queue only by cutting its
      // session's stream, which needs the stream connected first; under this flood the server can
      // take seconds for that, and a job that runs to its end meanwhile cannot be stopped. Allow
      // a few (reported), never many.
      if (finishedDropped.length)
        console.log(`finished although dropped: ${finishedDropped.join('; ')}`);
      expect(finishedDropped.length).toBeLessThanOrEqual(Math.ceil(dropped.length * 0.02));
    }
    const startedDropped = dropped.filter((p) => server.started.includes(p.token));
    expect(
      startedDropped
        .filter((p) => !server.cancelled.includes(p.token) && !(p.token in server.finished))
        .map((p) => p.token),
    ).toEqual([]);

    // Afterwards nothing is left open: no event stream at the server, no client timer.
    await client.close();
    await sleep(300);
    const streams = await streamStats('load_app', sessions);
    expect(Object.values(streams).filter((s) => s.open > 0)).toEqual([]);
    console.log(
      `load: ${N} jobs (seed ${seed}), ${kept.length} kept and answered once each, ${dropped.length} unsubscribed (${startedDropped.length - finishedDropped.length} cancelled while running, ${dropped.length - startedDropped.length} removed from the queue before starting, ${finishedDropped.length} finished before the cancel could reach them), ${sessions.length} sessions; ${late} planned drops came after the result`,
    );
  }, 240_000);
});
