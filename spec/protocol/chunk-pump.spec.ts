import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  advanceChunkPump,
  initialChunkPump,
  type ChunkMode,
  type ChunkPumpInput,
} from '../../lib/protocol/chunk-pump';

/**
 * Runs a pump over a marble-like script: a letter is a chunk from the input, `r` the server's
 * result for the chunk in flight, `|` the inputs completing. The first chunk (`0`) went with the
 * join. Returns what went out, as `0 a d (close)`.
 */
function run(mode: ChunkMode, script: string): string {
  let state = initialChunkPump<string>(mode);
  const out = ['0'];
  for (const symbol of script.replace(/\s+/g, '')) {
    const input: ChunkPumpInput<string> =
      symbol === 'r'
        ? { type: 'result' }
        : symbol === '|'
          ? { type: 'inputsDone' }
          : { type: 'chunk', chunk: symbol };
    const step = advanceChunkPump(state, input);
    state = step.state;
    for (const effect of step.effects) out.push(effect.type === 'send' ? effect.chunk : '(close)');
  }
  return out.join(' ');
}

describe('advanceChunkPump', () => {
  it('latest: a new chunk replaces the waiting one while another is processed', () => {
    expect(run('latest', 'a b c r d r r e |  r')).toBe('0 c d e (close)');
  });

  it('all: every chunk waits its turn and goes out once, in order', () => {
    expect(run('all', 'a b c r d r r r e | r r')).toBe('0 a b c d e (close)');
  });

  it('sends nothing before the first result: the job may not have started yet', () => {
    expect(run('all', 'a b c')).toBe('0');
  });

  it('closes only when nothing waits or is in flight', () => {
    expect(run('latest', 'a | r')).toBe('0 a');
    expect(run('latest', 'a | r r')).toBe('0 a (close)');
    expect(run('latest', 'r |')).toBe('0 (close)');
  });

  it('ignores chunks after the inputs completed and everything after the end', () => {
    let state = initialChunkPump<string>('all');
    state = advanceChunkPump(state, { type: 'over' }).state;
    expect(advanceChunkPump(state, { type: 'result' }).effects).toEqual([]);
    expect(advanceChunkPump(state, { type: 'chunk', chunk: 'x' }).effects).toEqual([]);
    expect(advanceChunkPump(state, { type: 'inputsDone' }).effects).toEqual([]);
  });

  // Random interleavings of chunks and results (a result only while a chunk is in flight, as the
  // server sends one per chunk it processed).
  const scripts = fc.array(fc.boolean(), { maxLength: 60 });
  function simulate(mode: ChunkMode, steps: boolean[]) {
    let state = initialChunkPump<number>(mode);
    const sent: number[] = [0];
    let produced = 0;
    let maxInFlight = 0;
    let closed = 0;
    let resultsSeen = 0;
    const apply = (input: ChunkPumpInput<number>) => {
      const step = advanceChunkPump(state, input);
      state = step.state;
      for (const effect of step.effects) {
        if (effect.type === 'send') sent.push(effect.chunk);
        else closed++;
      }
      // Sent (the join's chunk included) minus answered: the chunks in flight.
      maxInFlight = Math.max(maxInFlight, sent.length - resultsSeen);
    };
    for (const isChunk of steps) {
      if (isChunk) apply({ type: 'chunk', chunk: ++produced });
      else if (state.inFlight) {
        resultsSeen++;
        apply({ type: 'result' });
      }
    }
    apply({ type: 'inputsDone' });
    while (state.inFlight) {
      resultsSeen++;
      apply({ type: 'result' });
    }
    return { sent, produced, maxInFlight, closed };
  }

  it('property, all: each chunk is sent exactly once, in order, one at a time, then one close', () => {
    fc.assert(
      fc.property(scripts, (steps) => {
        const { sent, produced, maxInFlight, closed } = simulate('all', steps);
        expect(sent).toEqual(Array.from({ length: produced + 1 }, (_, i) => i));
        expect(maxInFlight).toBeLessThanOrEqual(1);
        expect(closed).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('property, latest: sent chunks keep their order, the last one is always sent, one close', () => {
    fc.assert(
      fc.property(scripts, (steps) => {
        const { sent, produced, maxInFlight, closed } = simulate('latest', steps);
        expect([...sent].sort((a, b) => a - b)).toEqual(sent);
        expect(new Set(sent).size).toBe(sent.length);
        expect(sent.at(-1)).toBe(produced);
        expect(maxInFlight).toBeLessThanOrEqual(1);
        expect(closed).toBe(1);
      }),
      { numRuns: 500 },
    );
  });
});
