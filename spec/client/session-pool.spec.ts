import { describe, expect, it } from '@jest/globals';
import { SessionLease } from '../../lib/client/session-lease';
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
  stream: null,
  renderId: null,
  renderedIn: null,
  oauthToken: null,
});

const pool = (max = 32) =>
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
    expect(a.session).toBe(p.primary);
    expect(b.session).not.toBe(a.session);
    expect(other.session).toBe(p.primary);
    const busyElsewhere = new SessionLease(b.session, 3); // b's session is still busy with 3
    b.dispose();
    expect(p.acquire(endpoint(1)).session).toBe(b.session);
    expect(p.all).toHaveLength(2);
    busyElsewhere.dispose();
  });

  it('forgets extra sessions once idle, so a later burst uses fresh ones', () => {
    const p = pool();
    const a = p.acquire(endpoint(1));
    const b = p.acquire(endpoint(1));
    b.dispose();
    a.dispose();
    const next = [p.acquire(endpoint(1)), p.acquire(endpoint(1))];
    expect(next[0]!.session).toBe(p.primary);
    expect(next[1]!.session).not.toBe(b.session);
    expect(p.all).toHaveLength(2);
  });

  it('a lease gives back its reservation, join and listener once, however often disposed', () => {
    const p = pool();
    const a = p.acquire(endpoint(1));
    const b = p.acquire(endpoint(1));
    const c = p.acquire(endpoint(2)); // shares the primary with a
    expect(p.primary.activeJobs(1)).toBe(1);
    a.beginJoin();
    expect(c.facts()).toEqual({ siblings: 0, onlyUser: false }); // a is reserved and joining
    a.listen('A', { message: () => undefined, fail: () => undefined });
    a.dispose();
    a.dispose();
    expect(p.primary.activeJobs(1)).toBe(0);
    expect(p.primary.activeJobs(2)).toBe(1); // c's reservation survived a's double dispose
    expect(c.facts()).toEqual({ siblings: 0, onlyUser: true });
    c.beginJoin();
    c.dispose();
    c.dispose();
    expect(p.primary.idle).toBe(true);
    expect(b.session.activeJobs(1)).toBe(1);
  });

  it('keeps stateful endpoints on the primary session', () => {
    const p = pool();
    expect(
      [p.acquire(endpoint(3, true)), p.acquire(endpoint(3, true))].map((l) => l.session),
    ).toEqual([p.primary, p.primary]);
    expect(p.primary.activeJobs(3)).toBe(2);
  });

  it('never exceeds its cap: past it, jobs share the least busy session', () => {
    const p = pool(4);
    const sessions = Array.from({ length: 10 }, () => p.acquire(endpoint(1)).session);
    expect(p.all).toHaveLength(4);
    expect(p.all.map((s) => s.activeJobs(1)).sort()).toEqual([2, 2, 3, 3]);
    expect(new Set(sessions).size).toBe(4);
  });

  it('resetPrimary starts a fresh primary session and keeps the others', () => {
    const p = pool();
    const old = p.primary;
    p.acquire(endpoint(1));
    const extra = p.acquire(endpoint(1)).session;
    const fresh = p.resetPrimary();
    expect(fresh).not.toBe(old);
    expect(p.primary).toBe(fresh);
    expect(p.all).toContain(extra);
  });

  it('resetAll replaces every session with one fresh primary; jobs still running keep theirs', () => {
    const p = pool();
    const running = p.acquire(endpoint(1));
    const extra = p.acquire(endpoint(1)).session;
    p.resetAll();
    expect(p.all).toHaveLength(1);
    expect(p.primary).not.toBe(running.session);
    expect(p.all).not.toContain(extra);
    // A new job of the same endpoint goes to the fresh session, not to the old busy ones.
    expect(p.acquire(endpoint(1)).session).toBe(p.primary);
    expect(running.session.activeJobs(1)).toBe(1);
  });
});
