import { describe, expect, it } from '@jest/globals';
import { Observable, Subject } from 'rxjs';
import { holdInputs } from '../../lib/client/held-input';

/** Subscribes `source$`, writing what it receives into `seen` with `label`. */
function record(source$: Observable<unknown>, seen: string[], label = '') {
  return source$.subscribe({
    next: (value) => seen.push(`${label}next ${String(value)}`),
    error: (error: unknown) => seen.push(`${label}error ${String(error)}`),
    complete: () => seen.push(`${label}complete`),
  });
}

describe('holdInputs: hot inputs held while the code that takes them over loads', () => {
  it('subscribes the inputs at once and replays what came meanwhile, in order, then passes on', () => {
    const frames = new Subject<number>();
    const [taken$] = holdInputs([frames]).taken;
    expect(frames.observed).toBe(true);
    frames.next(1);
    frames.next(2);
    const seen: string[] = [];
    record(taken$ as Observable<unknown>, seen);
    expect(seen).toEqual(['next 1', 'next 2']);
    frames.next(3);
    frames.complete();
    expect(seen).toEqual(['next 1', 'next 2', 'next 3', 'complete']);
  });

  it('keeps the order across inputs: nothing is replayed until every input is taken over', () => {
    const frames = new Subject<string>();
    const delays = new Subject<string>();
    const { taken } = holdInputs([frames, delays]);
    frames.next('f0');
    delays.next('d0');
    frames.next('f1');
    const seen: string[] = [];
    record(taken[0] as Observable<unknown>, seen, 'frames ');
    expect(seen).toEqual([]);
    record(taken[1] as Observable<unknown>, seen, 'delays ');
    expect(seen).toEqual(['frames next f0', 'delays next d0', 'frames next f1']);
    delays.next('d1');
    expect(seen.at(-1)).toBe('delays next d1');
  });

  it('holds an error or a completion too', () => {
    const failing = new Subject<number>();
    const [held$] = holdInputs([failing]).taken;
    failing.next(1);
    failing.error('unplugged');
    const seen: string[] = [];
    record(held$ as Observable<unknown>, seen);
    expect(seen).toEqual(['next 1', 'error unplugged']);
  });

  it('stops replaying to an input whose taker left during the replay', () => {
    const a = new Subject<number>();
    const b = new Subject<number>();
    const { taken } = holdInputs([a, b]);
    a.next(1);
    a.next(2);
    b.next(3);
    const seen: string[] = [];
    const first = (taken[0] as Observable<unknown>).subscribe((value) => {
      seen.push(`a ${String(value)}`);
      first.unsubscribe();
    });
    record(taken[1] as Observable<unknown>, seen, 'b ');
    expect(seen).toEqual(['a 1', 'b next 3']);
    expect(a.observed).toBe(false);
  });

  it('unsubscribing a taker ends its input; drop ends every input', () => {
    const a = new Subject<number>();
    const b = new Subject<number>();
    const { taken, drop } = holdInputs([a, b]);
    record(taken[0] as Observable<unknown>, []).unsubscribe();
    expect(a.observed).toBe(false);
    expect(b.observed).toBe(true);
    drop();
    expect(b.observed).toBe(false);
  });

  it('a cold input runs once, at hold time', () => {
    let subscriptions = 0;
    const cold = new Observable<number>((subscriber) => {
      subscriptions++;
      subscriber.next(7);
      subscriber.complete();
    });
    const [taken$] = holdInputs([cold]).taken;
    expect(subscriptions).toBe(1);
    const seen: string[] = [];
    record(taken$ as Observable<unknown>, seen);
    expect(seen).toEqual(['next 7', 'complete']);
    expect(subscriptions).toBe(1);
  });
});
