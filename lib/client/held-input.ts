import { Observable, type Subscriber } from 'rxjs';

type Held<T> =
  { kind: 'next'; value: T } | { kind: 'error'; error: unknown } | { kind: 'complete' };

/** An input subscribed now, whose notifications wait for the one subscriber that takes it over. */
export interface HeldInput<T> {
  /** Replays what came meanwhile, in order, then passes on; unsubscribing it ends the input. */
  readonly taken$: Observable<T>;
  /** Ends the input when nobody took it over. */
  readonly drop: () => void;
}

/**
 * Subscribes `input$` at once and holds what it emits (every value, in order) until `taken$` is
 * subscribed: a streaming job whose code is still loading loses none of the chunks a hot input
 * (a Subject fed right after subscribing) emits meanwhile. Held values live only until then.
 */
export function holdInput<T>(input$: Observable<T>): HeldInput<T> {
  const held: Held<T>[] = [];
  let taker: Subscriber<T> | null = null;
  const deliver = (to: Subscriber<T>, n: Held<T>): void => {
    if (n.kind === 'next') to.next(n.value);
    else if (n.kind === 'error') to.error(n.error);
    else to.complete();
  };
  const pass = (n: Held<T>): void => {
    if (taker) deliver(taker, n);
    else held.push(n);
  };
  const subscription = input$.subscribe({
    next: (value) => pass({ kind: 'next', value }),
    error: (error: unknown) => pass({ kind: 'error', error }),
    complete: () => pass({ kind: 'complete' }),
  });
  const taken$ = new Observable<T>((subscriber) => {
    taker = subscriber;
    for (const n of held.splice(0)) deliver(subscriber, n);
    return () => subscription.unsubscribe();
  });
  return { taken$, drop: () => subscription.unsubscribe() };
}
