import type { ChunkMode } from '../types/options';

/**
 * How chunks of a streaming input reach a running stream job: a pure state machine (inputs in,
 * effects out, no I/O).
 *
 * A chunk is in flight from the moment it is sent (the first one in the job's join, later ones to
 * `POST {api}/stream/{event_id}`) until the server sends its result (`process_streaming`). Only
 * one chunk is in flight at a time: the server keeps only the latest chunk it was given, so a chunk
 * sent while another is being processed would silently replace a waiting one, and a chunk sent
 * before the job started would replace the join's data and be processed twice. Chunks that come
 * meanwhile wait: with `latest` (the default, webcam semantics) a new chunk replaces the waiting
 * one; with `all` (audio semantics) they wait in order and each is processed once.
 *
 * ```text
 * input   a-b-c-d--------e----|
 * latest  a---------d----e----(close)     b and c were replaced while a was processed
 * all     a-----b--c--d--e----(close)     each waits its turn
 * ```
 * When every input completed and nothing waits or is in flight, the stream is closed on the server.
 */
export type { ChunkMode };

export interface ChunkPumpState<C> {
  readonly mode: ChunkMode;
  /** A chunk was sent and its result has not come yet. */
  readonly inFlight: boolean;
  /** Chunks waiting for the one in flight (at most one with `latest`). */
  readonly waiting: readonly C[];
  /** Every input completed. */
  readonly inputsDone: boolean;
  /** The close was sent, or the job is over: nothing more is sent. */
  readonly finished: boolean;
}

export type ChunkPumpInput<C> =
  | { readonly type: 'chunk'; readonly chunk: C }
  /** The server sent the result of the chunk in flight. */
  | { readonly type: 'result' }
  | { readonly type: 'inputsDone' }
  /** The job ended (completed, failed or cancelled): stop. */
  | { readonly type: 'over' };

export type ChunkPumpEffect<C> =
  | { readonly type: 'send'; readonly chunk: C }
  /** `POST {api}/stream/{event_id}/close`: the server ends the job with the last result. */
  | { readonly type: 'close' };

export interface ChunkPumpStep<C> {
  readonly state: ChunkPumpState<C>;
  readonly effects: readonly ChunkPumpEffect<C>[];
}

/** A pump whose first chunk went out with the job's join (so it is in flight). */
export function initialChunkPump<C>(mode: ChunkMode): ChunkPumpState<C> {
  return { mode, inFlight: true, waiting: [], inputsDone: false, finished: false };
}

/** Sends the next waiting chunk, or closes when the inputs are done and nothing is left. */
function next<C>(state: ChunkPumpState<C>): ChunkPumpStep<C> {
  if (state.waiting.length > 0) {
    const [first, ...rest] = state.waiting;
    return {
      state: { ...state, inFlight: true, waiting: rest },
      effects: [{ type: 'send', chunk: first as C }],
    };
  }
  if (state.inputsDone)
    return { state: { ...state, finished: true }, effects: [{ type: 'close' }] };
  return { state, effects: [] };
}

export function advanceChunkPump<C>(
  state: ChunkPumpState<C>,
  input: ChunkPumpInput<C>,
): ChunkPumpStep<C> {
  if (state.finished) return { state, effects: [] };
  switch (input.type) {
    case 'chunk': {
      if (state.inputsDone) return { state, effects: [] };
      const waiting = state.mode === 'latest' ? [input.chunk] : [...state.waiting, input.chunk];
      const queued = { ...state, waiting };
      return state.inFlight ? { state: queued, effects: [] } : next(queued);
    }
    case 'result':
      return state.inFlight ? next({ ...state, inFlight: false }) : { state, effects: [] };
    case 'inputsDone': {
      const done = { ...state, inputsDone: true };
      return state.inFlight ? { state: done, effects: [] } : next(done);
    }
    case 'over':
      return { state: { ...state, finished: true, waiting: [] }, effects: [] };
  }
}
