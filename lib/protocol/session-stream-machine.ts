/**
 * The life of one session's event stream (`GET {api}/queue/data`), as a pure state machine in the
 * style of the job machine: inputs in, effects out, no I/O or timers.
 *
 * - `closed`: no stream. `open`: a stream some job needs. `draining`: a stream no job needs any
 *   more, left for the server to end (it does right after the session's last completion, which
 *   keeps the keep-alive socket reusable) until the drain timer fires.
 * - `cut`: a cut in progress (servers before Gradio 6.14 drop a session's queued jobs only when its
 *   stream goes away): `connecting` until the stream's response began (the server acts on a stream
 *   it has seen go away), then the stream is closed, reopened at once for jobs still listening, and
 *   `noticing` while the server notices. Joins wait meanwhile (the server would drop them too), and
 *   the stream is never drained during a cut.
 */
export type StreamPhase = 'closed' | 'open' | 'draining';
export type CutStep = 'none' | 'connecting' | 'noticing';

export interface SessionStreamState {
  readonly phase: StreamPhase;
  readonly cut: CutStep;
  /** The server announced the end of the current stream (`close_stream`). */
  readonly announced: boolean;
}

/** Who needs the session now: a job listening for its messages, or a join in flight. */
export interface StreamUsage {
  readonly listening: boolean;
  readonly joining: boolean;
}

/** Why the session's jobs failed with the stream. */
export type StreamFailure =
  /** The stream ended without `close_stream` while jobs were pending. */
  | { readonly kind: 'ended' }
  /** The stream's request or connection failed, or it went idle, or sent an oversized event. */
  | { readonly kind: 'broke'; readonly error: unknown };

export type SessionStreamInput =
  /** A job started or stopped listening, or a join started or settled. */
  | { readonly type: 'usage'; readonly usage: StreamUsage }
  | { readonly type: 'drainElapsed' }
  /** The server sent `close_stream`. */
  | { readonly type: 'announced' }
  /** The stream ended (the server closed it). */
  | { readonly type: 'ended'; readonly usage: StreamUsage }
  | { readonly type: 'broke'; readonly error: unknown }
  | { readonly type: 'cutRequested' }
  /** The stream's response began, or the wait for it timed out. */
  | { readonly type: 'connectWaited'; readonly usage: StreamUsage }
  | { readonly type: 'noticeElapsed' }
  /** Close now, whatever is pending (client close, session reset). */
  | { readonly type: 'closeNow' };

export type SessionStreamEffect =
  | { readonly type: 'open' }
  /** Unsubscribe from the stream (aborts its request). */
  | { readonly type: 'close' }
  | { readonly type: 'startDrain' }
  | { readonly type: 'stopDrain' }
  /** Forget messages held for joins in flight. */
  | { readonly type: 'dropEarly' }
  /** Fail every listening job. */
  | { readonly type: 'fail'; readonly failure: StreamFailure }
  /** Wait until the stream's response began (bounded); answer with `connectWaited`. */
  | { readonly type: 'awaitConnect' }
  /** Wait while the server notices the cut; answer with `noticeElapsed`. */
  | { readonly type: 'awaitNotice' }
  /** The cut is over: joins may go ahead. */
  | { readonly type: 'cutDone' };

export interface SessionStreamStep {
  readonly state: SessionStreamState;
  readonly effects: readonly SessionStreamEffect[];
}

export const INITIAL_STREAM: SessionStreamState = {
  phase: 'closed',
  cut: 'none',
  announced: false,
};

const stay = (state: SessionStreamState): SessionStreamStep => ({ state, effects: [] });

/** Makes sure a stream is open: opens one, or keeps a draining one. */
function ensureOpen(state: SessionStreamState): SessionStreamStep {
  if (state.phase === 'open') return stay(state);
  if (state.phase === 'draining')
    return { state: { ...state, phase: 'open' }, effects: [{ type: 'stopDrain' }] };
  return { state: { ...state, phase: 'open', announced: false }, effects: [{ type: 'open' }] };
}

/** Closes the stream now. */
function closed(state: SessionStreamState): SessionStreamStep {
  const effects: SessionStreamEffect[] = [];
  if (state.phase === 'draining') effects.push({ type: 'stopDrain' });
  effects.push({ type: 'dropEarly' });
  if (state.phase !== 'closed') effects.push({ type: 'close' });
  return { state: { ...state, phase: 'closed' }, effects };
}

/** After a change of who needs the stream: open it for a listener, drain it when unused. */
function afterUsage(state: SessionStreamState, usage: StreamUsage): SessionStreamStep {
  if (usage.listening) return ensureOpen(state);
  if (usage.joining || state.cut !== 'none') return stay(state);
  if (state.phase === 'open')
    return {
      state: { ...state, phase: 'draining' },
      effects: [{ type: 'dropEarly' }, { type: 'startDrain' }],
    };
  return { state, effects: [{ type: 'dropEarly' }] };
}

/** The stream is gone (ended or broke). */
function gone(state: SessionStreamState, failure: StreamFailure | null): SessionStreamStep {
  const next: SessionStreamState = { ...state, phase: 'closed' };
  const effects: SessionStreamEffect[] = state.phase === 'draining' ? [{ type: 'stopDrain' }] : [];
  if (failure) effects.push({ type: 'fail', failure });
  return { state: next, effects };
}

/**
 * Advances the session stream by one input; see {@link SessionStreamState}. A stream that ends
 * after `close_stream` while jobs still listen (the server closed it just as another job joined)
 * is reopened at once, since the server keeps the new job's messages; one that ends without it, or
 * breaks, fails the listening jobs.
 */
export function advanceSessionStream(
  state: SessionStreamState,
  input: SessionStreamInput,
): SessionStreamStep {
  switch (input.type) {
    case 'usage':
      return afterUsage(state, input.usage);
    case 'drainElapsed':
      return state.phase === 'draining' ? closed(state) : stay(state);
    case 'announced':
      return state.phase === 'closed' ? stay(state) : stay({ ...state, announced: true });
    case 'ended': {
      if (state.phase === 'closed') return stay(state);
      if (!input.usage.listening) return gone(state, null);
      if (!state.announced) return gone(state, { kind: 'ended' });
      const reopened = ensureOpen({ ...state, phase: 'closed' });
      return {
        state: reopened.state,
        effects: [...gone(state, null).effects, ...reopened.effects],
      };
    }
    case 'broke':
      return state.phase === 'closed'
        ? stay(state)
        : gone(state, { kind: 'broke', error: input.error });
    case 'cutRequested': {
      if (state.cut !== 'none') return stay(state);
      const opened = ensureOpen({ ...state, cut: 'connecting' });
      return { state: opened.state, effects: [...opened.effects, { type: 'awaitConnect' }] };
    }
    case 'connectWaited': {
      if (state.cut !== 'connecting') return stay(state);
      const cut = closed({ ...state, cut: 'noticing' });
      // Jobs still listening (the cancelled job's watch) get a fresh stream at once.
      const reopened = input.usage.listening ? ensureOpen(cut.state) : stay(cut.state);
      return {
        state: reopened.state,
        effects: [...cut.effects, ...reopened.effects, { type: 'awaitNotice' }],
      };
    }
    case 'noticeElapsed':
      return state.cut === 'noticing'
        ? { state: { ...state, cut: 'none' }, effects: [{ type: 'cutDone' }] }
        : stay(state);
    case 'closeNow':
      return closed(state);
  }
}
