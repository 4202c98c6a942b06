import { describe, expect, it } from '@jest/globals';
import { SessionPool } from '../../lib/client/session-pool';
import type { EndpointInfo } from '../../lib/types/api-info';

const endpoint = (fnIndex: number, stateful = false): EndpointInfo => ({
  name: `/f${fnIndex}`,
  fnIndex,
  visibility: 'public',
  description: '',
  parameters: [],
  returns: [],
  generator: false,
  queued: true,
  inputSlots: stateful ? [{ kind: 'state' }] : [],
  outputSlots: [],
});

const pool = (max?: number) =>
  new SessionPool(
    { idleTimeout: false, openStream: () => Promise.reject(new Error('no network in this spec')) },
    max,
  );

describe('SessionPool', () => {
  it('gives concurrent jobs of one endpoint separate sessions, and reuses busy ones', () => {
    const p = pool();
    const a = p.acquire(endpoint(1));
    const b = p.acquire(endpoint(1));
    const other = p.acquire(endpoint(2));
    expect(a).toBe(p.primary);
    expect(b).not.toBe(a);
    expect(other).toBe(p.primary);
    b.reserve(3); // b is still busy with another endpoint
    b.release(1);
    expect(p.acquire(endpoint(1))).toBe(b);
    expect(p.all).toHaveLength(2);
  });

  it('forgets extra sessions once idle, so a later burst uses fresh ones', () => {
    const p = pool();
    p.acquire(endpoint(1));
    const b = p.acquire(endpoint(1));
    b.release(1);
    p.primary.release(1);
    const next = [p.acquire(endpoint(1)), p.acquire(endpoint(1))];
    expect(next[0]).toBe(p.primary);
    expect(next[1]).not.toBe(b);
    expect(p.all).toHaveLength(2);
  });

  it('keeps stateful endpoints on the primary session', () => {
    const p = pool();
    expect([p.acquire(endpoint(3, true)), p.acquire(endpoint(3, true))]).toEqual([
      p.primary,
      p.primary,
    ]);
    expect(p.primary.activeJobs(3)).toBe(2);
  });

  it('never exceeds its cap: past it, jobs share the least busy session', () => {
    const p = pool(4);
    const sessions = Array.from({ length: 10 }, () => p.acquire(endpoint(1)));
    expect(p.all).toHaveLength(4);
    expect(p.all.map((s) => s.activeJobs(1)).sort()).toEqual([2, 2, 3, 3]);
    expect(new Set(sessions).size).toBe(4);
  });

  it('resetPrimary starts a fresh primary session and keeps the others', () => {
    const p = pool();
    const old = p.primary;
    p.acquire(endpoint(1));
    const extra = p.acquire(endpoint(1));
    const fresh = p.resetPrimary();
    expect(fresh).not.toBe(old);
    expect(p.primary).toBe(fresh);
    expect(p.all).toContain(extra);
  });
});
