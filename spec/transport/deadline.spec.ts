import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deadline } from '../../lib/transport/deadline';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('deadline: a signal bounded in time', () => {
  it('aborts with a TimeoutError once the time is up', async () => {
    const bound = deadline(new AbortController().signal, 30);
    expect(bound.signal.aborted).toBe(false);
    await new Promise((resolve) => bound.signal.addEventListener('abort', resolve));
    expect((bound.signal.reason as Error).name).toBe('TimeoutError');
    bound.done();
  });

  it("follows the caller's signal, with its reason, before the time is up", () => {
    const caller = new AbortController();
    const bound = deadline(caller.signal, 10_000);
    caller.abort(new Error('unsubscribed'));
    expect(bound.signal.aborted).toBe(true);
    expect((bound.signal.reason as Error).message).toBe('unsubscribed');
    bound.done();
  });

  it('starts aborted when the caller already is', () => {
    const caller = new AbortController();
    caller.abort('gone');
    const bound = deadline(caller.signal, 10_000);
    expect(bound.signal.reason).toBe('gone');
    bound.done();
  });

  it('done() leaves no timer behind and stops following the caller', () => {
    const before = timers();
    const caller = new AbortController();
    const bound = deadline(caller.signal, 10_000);
    expect(timers()).toBe(before + 1);
    bound.done();
    expect(timers()).toBe(before);
    caller.abort();
    expect(bound.signal.aborted).toBe(false);
  });

  it('a connect to a server trickling its answer ends at its timeout while the GC runs', () => {
    // A timeout signal held only by AbortSignal.any() can be collected before it fires (Node 20:
    // the connect then never ended); the probe collects garbage every 20 ms during the connect.
    const root = process.cwd();
    const probe = spawnSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'spec', 'support', 'gc-deadline-probe.mts')],
      { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '--expose-gc' } },
    );
    const line = probe.stdout.trim().split('\n').at(-1) ?? '';
    expect({ status: probe.status, line, stderr: probe.stderr }).toMatchObject({ status: 0 });
    const outcome = JSON.parse(line) as { code?: string; ms?: number; hung?: boolean };
    expect(outcome.code).toBe('APP_UNREACHABLE');
    expect(outcome.ms).toBeLessThan(3000);
  }, 40_000);
});
