import { describe, expect, it } from '@jest/globals';
import {
  advanceSessionStream,
  INITIAL_STREAM,
  type SessionStreamInput,
  type SessionStreamState,
} from '../../lib/protocol/session-stream-machine';

const IDLE = { listening: false, joining: false };
const LISTENING = { listening: true, joining: false };
const JOINING = { listening: false, joining: true };

const INPUTS: Record<string, SessionStreamInput> = {
  'usage:listening': { type: 'usage', usage: LISTENING },
  'usage:joining': { type: 'usage', usage: JOINING },
  'usage:idle': { type: 'usage', usage: IDLE },
  drainElapsed: { type: 'drainElapsed' },
  announced: { type: 'announced' },
  'ended:listening': { type: 'ended', usage: LISTENING },
  'ended:idle': { type: 'ended', usage: IDLE },
  broke: { type: 'broke', error: new Error('ECONNRESET') },
  cutRequested: { type: 'cutRequested' },
  'connectWaited:listening': { type: 'connectWaited', usage: LISTENING },
  'connectWaited:idle': { type: 'connectWaited', usage: IDLE },
  noticeElapsed: { type: 'noticeElapsed' },
  closeNow: { type: 'closeNow' },
};

const at = (
  phase: SessionStreamState['phase'],
  cut: SessionStreamState['cut'] = 'none',
  announced = false,
): SessionStreamState => ({ phase, cut, announced });

const STATES: Record<string, SessionStreamState> = {
  closed: INITIAL_STREAM,
  open: at('open'),
  'open+announced': at('open', 'none', true),
  draining: at('draining'),
  'connecting/open': at('open', 'connecting'),
  'connecting/closed': at('closed', 'connecting'),
  'noticing/open': at('open', 'noticing'),
  'noticing/closed': at('closed', 'noticing'),
};

const label = (s: SessionStreamState): string =>
  `${s.cut === 'none' ? '' : `${s.cut}/`}${s.phase}${s.announced ? '+announced' : ''}`;

function cell(state: SessionStreamState, input: SessionStreamInput): string {
  const step = advanceSessionStream(state, input);
  const effects = step.effects.map((e) => (e.type === 'fail' ? `fail(${e.failure.kind})` : e.type));
  if (effects.length === 0 && label(step.state) === label(state)) return '=';
  return `${label(step.state)}: ${effects.join(' ')}`.trim();
}

/** The transitions that do something; every other state × input must be `=` (ignored). */
const TABLE: Record<string, Record<string, string>> = {
  closed: {
    'usage:listening': 'open: open',
    'usage:idle': 'closed: dropEarly',
    cutRequested: 'connecting/open: open awaitConnect',
    closeNow: 'closed: dropEarly',
  },
  open: {
    'usage:idle': 'draining: dropEarly startDrain',
    announced: 'open+announced:',
    'ended:listening': 'closed: fail(ended)',
    'ended:idle': 'closed:',
    broke: 'closed: fail(broke)',
    cutRequested: 'connecting/open: awaitConnect',
    closeNow: 'closed: dropEarly close',
  },
  'open+announced': {
    'usage:idle': 'draining+announced: dropEarly startDrain',
    // The server closed the stream just as another job joined: reopen, its messages are kept.
    'ended:listening': 'open: open',
    'ended:idle': 'closed+announced:',
    broke: 'closed+announced: fail(broke)',
    cutRequested: 'connecting/open+announced: awaitConnect',
    closeNow: 'closed+announced: dropEarly close',
  },
  draining: {
    'usage:listening': 'open: stopDrain',
    'usage:idle': 'draining: dropEarly',
    drainElapsed: 'closed: stopDrain dropEarly close',
    announced: 'draining+announced:',
    'ended:listening': 'closed: stopDrain fail(ended)',
    'ended:idle': 'closed: stopDrain',
    broke: 'closed: stopDrain fail(broke)',
    cutRequested: 'connecting/open: stopDrain awaitConnect',
    closeNow: 'closed: stopDrain dropEarly close',
  },
  // During a cut the stream is never drained, and joins wait (the interpreter's gate).
  'connecting/open': {
    announced: 'connecting/open+announced:',
    'ended:listening': 'connecting/closed: fail(ended)',
    'ended:idle': 'connecting/closed:',
    broke: 'connecting/closed: fail(broke)',
    'connectWaited:listening': 'noticing/open: dropEarly close open awaitNotice',
    'connectWaited:idle': 'noticing/closed: dropEarly close awaitNotice',
    closeNow: 'connecting/closed: dropEarly close',
  },
  'connecting/closed': {
    'usage:listening': 'connecting/open: open',
    'connectWaited:listening': 'noticing/open: dropEarly open awaitNotice',
    'connectWaited:idle': 'noticing/closed: dropEarly awaitNotice',
    closeNow: 'connecting/closed: dropEarly',
  },
  'noticing/open': {
    announced: 'noticing/open+announced:',
    'ended:listening': 'noticing/closed: fail(ended)',
    'ended:idle': 'noticing/closed:',
    broke: 'noticing/closed: fail(broke)',
    noticeElapsed: 'open: cutDone',
    closeNow: 'noticing/closed: dropEarly close',
  },
  'noticing/closed': {
    'usage:listening': 'noticing/open: open',
    noticeElapsed: 'closed: cutDone',
    closeNow: 'noticing/closed: dropEarly',
  },
};

describe('advanceSessionStream: every state × input', () => {
  it('matches the transition table', () => {
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const [name, state] of Object.entries(STATES))
      for (const [input, value] of Object.entries(INPUTS)) {
        actual[`${name} × ${input}`] = cell(state, value);
        expected[`${name} × ${input}`] = TABLE[name]?.[input] ?? '=';
      }
    expect(actual).toEqual(expected);
  });
});

describe('advanceSessionStream: sequences', () => {
  function run(inputs: SessionStreamInput[]) {
    let state = INITIAL_STREAM;
    const steps: string[] = [];
    for (const input of inputs) {
      const step = advanceSessionStream(state, input);
      state = step.state;
      steps.push(step.effects.map((e) => e.type).join(' '));
    }
    return { steps, state };
  }

  it('a draining stream is reused by a job that joins and listens before the drain ends', () => {
    const { steps, state } = run([
      INPUTS['usage:listening']!,
      INPUTS['usage:idle']!,
      INPUTS['usage:joining']!,
      INPUTS['usage:listening']!,
    ]);
    expect(steps).toEqual(['open', 'dropEarly startDrain', '', 'stopDrain']);
    expect(state.phase).toBe('open');
  });

  it('a new stream forgets the previous one ended after close_stream', () => {
    const { steps, state } = run([
      INPUTS['usage:listening']!,
      INPUTS.announced!,
      INPUTS['ended:idle']!,
      INPUTS['usage:listening']!,
    ]);
    expect(steps).toEqual(['open', '', '', 'open']);
    expect(state.announced).toBe(false);
  });

  it('a cut with a job still listening reopens at once and lets joins go after the notice', () => {
    const { steps, state } = run([
      INPUTS['usage:listening']!,
      INPUTS.cutRequested!,
      INPUTS['usage:idle']!, // ignored during the cut: no drain
      INPUTS['connectWaited:listening']!,
      INPUTS.noticeElapsed!,
    ]);
    expect(steps).toEqual([
      'open',
      'awaitConnect',
      '',
      'dropEarly close open awaitNotice',
      'cutDone',
    ]);
    expect(state).toEqual({ phase: 'open', cut: 'none', announced: false });
  });
});
