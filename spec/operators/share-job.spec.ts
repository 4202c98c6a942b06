import { describe, expect, it } from '@jest/globals';
import { TestScheduler } from 'rxjs/testing';
import { shareJob } from '../../lib/operators/share-job';
import type { SubmitEvent } from '../../lib/types/events';

const base = { endpoint: '/f', fnIndex: 0, eventId: 'e', time: 0 };
const status = (stage: 'pending' | 'complete'): SubmitEvent => ({
  ...base,
  type: 'status',
  stage,
  queued: true,
  position: null,
  queueSize: null,
  eta: null,
  progress: null,
  message: null,
});
const data = (v: string): SubmitEvent => ({ ...base, type: 'data', data: [v] });

const values = { p: status('pending'), a: data('a'), b: data('b'), c: status('complete') };

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('shareJob', () => {
  it('runs the source once for overlapping subscribers; a late one first gets the latest status and data', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('p-a-----b-c|', values);
      const shared = source.pipe(shareJob());
      expectObservable(shared).toBe('p-a-----b-c|', values);
      expectObservable(shared, '---^').toBe('---(pa)-b-c|', values);
      expectSubscriptions(source.subscriptions).toBe('^----------!');
    });
  });

  it('a subscriber after completion gets the snapshot and the end without resubscribing', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('p-a|', values);
      const shared = source.pipe(shareJob());
      expectObservable(shared).toBe('p-a|', values);
      expectObservable(shared, '-----^').toBe('-----(pa|)', values);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('a subscriber after an error gets the same error without resubscribing', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('p-#', values, new Error('boom'));
      const shared = source.pipe(shareJob());
      expectObservable(shared).toBe('p-#', values, new Error('boom'));
      expectObservable(shared, '----^').toBe('----(p#)', values, new Error('boom'));
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('unsubscribes the source (cancels) when the last subscriber leaves, and runs anew after that', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('p-a-b-c|', values);
      const shared = source.pipe(shareJob());
      expectObservable(shared, '^--!').toBe('p-a', values);
      expectObservable(shared, '-^---!').toBe('-pa-b', values);
      expectObservable(shared, '--------^').toBe('--------p-a-b-c|', values);
      expectSubscriptions(source.subscriptions).toBe(['^----!', '--------^------!']);
    });
  });
});
