import { describe, expect, it } from '@jest/globals';
import { Observable, Subject } from 'rxjs';
import { holdInput } from '../../lib/client/held-input';

/** Everything a subscription to `source$` receives, as text. */
function record<T>(source$: Observable<T>): { seen: string[]; unsubscribe: () => void } {
  const seen: string[] = [];
  const subscription = source$.subscribe({
    next: (value) => seen.push(`next ${String(value)}`),
    error: (error: unknown) => seen.push(`error ${String(error)}`),
    complete: () => seen.push('complete'),
  });
  return { seen, unsubscribe: () => subscription.unsubscribe() };
}

describe('holdInput: a hot input held while the code that takes it over loads', () => {
  it('subscribes the input at once and replays what came meanwhile, in order, then passes on', () => {
    const frames = new Subject<number>();
    const input = holdInput(frames);
    expect(frames.observed).toBe(true);
    frames.next(1);
    frames.next(2);
    const taker = record(input.taken$);
    expect(taker.seen).toEqual(['next 1', 'next 2']);
    frames.next(3);
    frames.complete();
    expect(taker.seen).toEqual(['next 1', 'next 2', 'next 3', 'complete']);
  });

  it('holds an error or a completion too', () => {
    const failing = new Subject<number>();
    const held = holdInput(failing);
    failing.next(1);
    failing.error('unplugged');
    expect(record(held.taken$).seen).toEqual(['next 1', 'error unplugged']);

    const done = new Subject<number>();
    const finished = holdInput(done);
    done.complete();
    expect(record(finished.taken$).seen).toEqual(['complete']);
  });

  it('keeps nothing once taken over: later values go straight through', () => {
    const frames = new Subject<number>();
    const input = holdInput(frames);
    const taker = record(input.taken$);
    for (let i = 0; i < 3; i++) frames.next(i);
    expect(taker.seen).toEqual(['next 0', 'next 1', 'next 2']);
  });

  it('unsubscribing the taker ends the input; drop ends an input nobody took', () => {
    const taken = new Subject<number>();
    const first = holdInput(taken);
    record(first.taken$).unsubscribe();
    expect(taken.observed).toBe(false);

    const untaken = new Subject<number>();
    const second = holdInput(untaken);
    second.drop();
    expect(untaken.observed).toBe(false);
  });

  it('a cold input runs once, at hold time', () => {
    let subscriptions = 0;
    const cold = new Observable<number>((subscriber) => {
      subscriptions++;
      subscriber.next(7);
      subscriber.complete();
    });
    const input = holdInput(cold);
    expect(subscriptions).toBe(1);
    expect(record(input.taken$).seen).toEqual(['next 7', 'complete']);
    expect(subscriptions).toBe(1);
  });
});
