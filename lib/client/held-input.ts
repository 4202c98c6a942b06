import { Observable, type Subscriber, type Subscription } from 'rxjs';

/** One notification of one input, in the order the inputs gave them. */
type Held =
  | { input: number; kind: 'next'; value: unknown }
  | { input: number; kind: 'error'; error: unknown }
  | { input: number; kind: 'complete' };

/** Inputs subscribed now, whose notifications wait for the code that takes them over. */
export interface HeldInputs {
  /** One per input, in the given order: subscribe each once. */
  readonly taken: ReadonlyArray<Observable<unknown>>;
  /** Ends every input (those nobody took over, and those taken). */
  readonly drop: () => void;
}

/**
 * Subscribes every input at once and holds what they emit, across inputs in the order it came,
 * until each input's `taken` Observable is subscribed; then replays it in that order and passes
 * on. A streaming job whose code is still loading so loses none of the chunks hot inputs (Subjects
 * fed right after subscribing) emit meanwhile, and sees them interleaved as they were. Held
 * notifications live only until the last input is taken over.
 */
export function holdInputs(inputs: ReadonlyArray<Observable<unknown>>): HeldInputs {
  const held: Held[] = [];
  const takers: Array<Subscriber<unknown> | undefined> = inputs.map(() => undefined);
  let taken = 0;
  const deliver = (n: Held): void => {
    const to = takers[n.input] as Subscriber<unknown>;
    if (n.kind === 'next') to.next(n.value);
    else if (n.kind === 'error') to.error(n.error);
    else to.complete();
  };
  const pass = (n: Held): void => {
    if (taken === inputs.length) deliver(n);
    else held.push(n);
  };
  const subscriptions: Subscription[] = inputs.map((input$, input) =>
    input$.subscribe({
      next: (value) => pass({ input, kind: 'next', value }),
      error: (error: unknown) => pass({ input, kind: 'error', error }),
      complete: () => pass({ input, kind: 'complete' }),
    }),
  );
  const drop = (): void => subscriptions.forEach((s) => s.unsubscribe());
  return {
    taken: inputs.map(
      (_, input) =>
        new Observable<unknown>((subscriber) => {
          takers[input] = subscriber;
          if (++taken === inputs.length)
            for (const n of held.splice(0)) if (!takers[n.input]?.closed) deliver(n);
          return () => subscriptions[input]?.unsubscribe();
        }),
    ),
    drop,
  };
}
