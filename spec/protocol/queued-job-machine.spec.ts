import { describe, expect, it } from '@jest/globals';
import { GradioError } from '../../lib/errors/gradio-error';
import { buildEndpoints } from '../../lib/protocol/build-endpoints';
import { initialJobState, type JobState } from '../../lib/protocol/job-reducer';
import { decodeQueueMessage, type QueueMessage } from '../../lib/protocol/queue-message';
import {
  advanceQueuedJob,
  cancelPlan,
  initialQueuedJob,
  type QueuedJobInput,
  type QueuedJobPhase,
  type QueuedJobState,
  type ServerRules,
  type SessionFacts,
} from '../../lib/protocol/queued-job-machine';
import { sampleConfig } from './config-fixtures';

const endpoint = buildEndpoints(sampleConfig(), null)[0]!;
const NEW: ServerRules = { usesDiffs: true, cancelRemovesQueued: true }; // Gradio >= 6.14
const OLD: ServerRules = { usesDiffs: true, cancelRemovesQueued: false }; // before 6.14

const msg = (body: Record<string, unknown>): QueueMessage =>
  decodeQueueMessage(JSON.stringify({ event_id: 'e1', ...body })) as QueueMessage;
const ALONE: SessionFacts = { siblings: 0, onlyUser: true };
const SHARED: SessionFacts = { siblings: 0, onlyUser: false };
const SIBLING: SessionFacts = { siblings: 1, onlyUser: false };
const failure = new GradioError('CONNECTION_LOST', 'lost');

/** Every input the machine takes, by a short name. */
const INPUTS: Record<string, QueuedJobInput> = {
  'joined:alone': { type: 'joined', eventId: 'e1', session: ALONE },
  'joined:shared': { type: 'joined', eventId: 'e1', session: SHARED },
  'joined:sibling': { type: 'joined', eventId: 'e1', session: SIBLING },
  joinFailed: { type: 'joinFailed', error: failure },
  'msg:estimation': {
    type: 'message',
    message: msg({ msg: 'estimation', rank: 1, queue_size: 2 }),
  },
  'msg:starts': { type: 'message', message: msg({ msg: 'process_starts' }) },
  'msg:generating': {
    type: 'message',
    message: msg({ msg: 'process_generating', success: true, output: { data: ['a', 1] } }),
  },
  'msg:completed': {
    type: 'message',
    message: msg({ msg: 'process_completed', success: true, output: { data: ['b', 2] } }),
  },
  'msg:failed': {
    type: 'message',
    message: msg({ msg: 'process_completed', success: false, output: { error: 'boom' } }),
  },
  'msg:unexpected': { type: 'message', message: msg({ msg: 'unexpected_error', message: 'x' }) },
  streamFailed: { type: 'streamFailed', error: failure },
  'unsub:alone': { type: 'unsubscribed', session: ALONE },
  'unsub:shared': { type: 'unsubscribed', session: SHARED },
  'unsub:sibling': { type: 'unsubscribed', session: SIBLING },
  cancelAnswered: { type: 'cancelAnswered' },
  cancelFailed: { type: 'cancelFailed' },
  graceElapsed: { type: 'graceElapsed' },
  cutSettled: { type: 'cutSettled' },
};

type Cancelling = Extract<QueuedJobPhase, { name: 'cancelling' }>;
const cancelling = (plan: Cancelling['plan'], sent: number, answered = false): QueuedJobPhase => ({
  name: 'cancelling',
  plan,
  sent,
  answered,
});

/** Every state the machine can be in, by a short name (the job's stage matters for cancels). */
function states(rules: ServerRules): Record<string, QueuedJobState> {
  const pending: JobState = initialJobState(endpoint, 'e1');
  const started: JobState = { ...pending, stage: 'processing' };
  const at = (phase: QueuedJobPhase, job: JobState = started): QueuedJobState => ({
    ...initialQueuedJob(job, rules),
    phase,
  });
  return {
    joining: at({ name: 'joining', unsubscribed: false }, initialJobState(endpoint, null)),
    'joining+unsub': at({ name: 'joining', unsubscribed: true }, initialJobState(endpoint, null)),
    'listening:pending': at({ name: 'listening' }, pending),
    'listening:started': at({ name: 'listening' }),
    'cancel 1': at(cancelling('cancel', 1)),
    'cancel 1a': at(cancelling('cancel', 1, true)),
    'cancel 2a': at(cancelling('cancel', 2, true)),
    'on-start 0': at(cancelling('cancel-on-start', 0), pending),
    'on-start 1': at(cancelling('cancel-on-start', 1), pending),
    'cut 0': at(cancelling('cut', 0), pending),
    'cut 1': at(cancelling('cut', 1), pending),
    released: at({ name: 'released' }),
  };
}

const label = (phase: QueuedJobPhase): string => {
  switch (phase.name) {
    case 'joining':
      return phase.unsubscribed ? 'joining+unsub' : 'joining';
    case 'cancelling':
      return `${phase.plan === 'cancel-on-start' ? 'on-start' : phase.plan} ${phase.sent}${phase.answered ? 'a' : ''}`;
    default:
      return phase.name;
  }
};

/** `next phase: effects`, or `=` when the input changes nothing and does nothing. */
function cell(state: QueuedJobState, input: QueuedJobInput): string {
  const step = advanceQueuedJob(state, input, 1000);
  if (step.effects.length === 0 && label(step.state.phase) === label(state.phase)) return '=';
  return `${label(step.state.phase)}: ${step.effects.map((e) => e.type).join(' ')}`.trim();
}

/** A listening job reduces its messages the same way whether it waits or runs. */
const LISTENING_ROW: Record<string, string> = {
  'msg:estimation': 'listening: emit',
  'msg:starts': 'listening: emit',
  'msg:generating': 'listening: emit emit',
  'msg:completed': 'released: release emit emit complete',
  'msg:failed': 'released: release emit error',
  'msg:unexpected': 'released: release emit error',
  streamFailed: 'released: release error',
  'unsub:alone': 'cancel 1: startGrace postCancel',
  'unsub:shared': 'cancel 1: startGrace postCancel',
  'unsub:sibling': 'released: release leftRunning',
};

/**
 * The transitions that do something, for servers whose cancel removes a waiting job. Every cell
 * not listed (state × input) must be `=`: ignored.
 */
const COMMON: Record<string, Record<string, string>> = {
  joining: {
    'joined:alone': 'listening: emit listen',
    'joined:shared': 'listening: emit listen',
    'joined:sibling': 'listening: emit listen',
    joinFailed: 'released: release error',
    'unsub:alone': 'joining+unsub:',
    'unsub:shared': 'joining+unsub:',
    'unsub:sibling': 'joining+unsub:',
  },
  'joining+unsub': {
    'joined:alone': 'cancel 1: listen startGrace postCancel',
    'joined:shared': 'cancel 1: listen startGrace postCancel',
    'joined:sibling': 'released: release leftRunning',
    joinFailed: 'released: release error',
  },
  'listening:pending': LISTENING_ROW,
  'listening:started': LISTENING_ROW,
  'cancel 1': {
    'msg:completed': 'released: release',
    'msg:failed': 'released: release',
    'msg:unexpected': 'released: release',
    streamFailed: 'released: release',
    cancelAnswered: 'cancel 1a:',
    cancelFailed: 'released: release',
    graceElapsed: 'released: release',
  },
  'cancel 1a': {
    // The job starts after an answered cancel (it was dequeued meanwhile): cancel once more.
    'msg:starts': 'cancel 2a: postCancel',
    'msg:generating': 'cancel 2a: postCancel',
    'msg:completed': 'released: release',
    'msg:failed': 'released: release',
    'msg:unexpected': 'released: release',
    streamFailed: 'released: release',
    cancelFailed: 'released: release',
    graceElapsed: 'released: release',
  },
  'cancel 2a': {
    'msg:completed': 'released: release',
    'msg:failed': 'released: release',
    'msg:unexpected': 'released: release',
    streamFailed: 'released: release',
    cancelFailed: 'released: release',
    graceElapsed: 'released: release',
  },
  'on-start 0': {
    'msg:starts': 'on-start 1: postCancel',
    'msg:generating': 'on-start 1: postCancel',
    'msg:completed': 'released: release',
    'msg:failed': 'released: release',
    'msg:unexpected': 'released: release',
    streamFailed: 'released: release',
    cancelAnswered: 'on-start 0a:',
    cancelFailed: 'released: release',
    graceElapsed: 'released: release',
  },
  'on-start 1': {
    'msg:completed': 'released: release',
    'msg:failed': 'released: release',
    'msg:unexpected': 'released: release',
    streamFailed: 'released: release',
    cancelAnswered: 'on-start 1a:',
    cancelFailed: 'released: release',
    graceElapsed: 'released: release',
  },
  // A cut ends only when the server had time to notice it: the stand-in completion an old server
  // sends for a cancelled waiting job, a failed cancel or stream, and the grace timer do not end it.
  // The cancel waits for that moment too, unless the job is seen starting, or the stream reopened
  // after the cut fails (the server dropped the session: it noticed).
  'cut 0': {
    'msg:starts': 'cut 1: postCancel',
    'msg:generating': 'cut 1: postCancel',
    cancelAnswered: 'cut 0a:',
    streamFailed: 'cut 1: postCancel',
    cutSettled: 'released: postCancel release',
  },
  'cut 1': {
    cancelAnswered: 'cut 1a:',
    cutSettled: 'released: release',
  },
  released: {},
};

/** Servers before Gradio 6.14 leave a cancelled waiting job queued: the cancel plans differ. */
const OLD_SERVER_CHANGES: Record<string, Record<string, string>> = {
  'joining+unsub': {
    'joined:alone': 'cut 0: listen cutStream',
    'joined:shared': 'on-start 0: listen startGrace',
  },
  'listening:pending': {
    'unsub:alone': 'cut 0: cutStream',
    'unsub:shared': 'on-start 0: startGrace',
  },
};

function table(changes: Record<string, Record<string, string>>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [state, row] of Object.entries(COMMON))
    for (const input of Object.keys(INPUTS))
      cells[`${state} × ${input}`] = changes[state]?.[input] ?? row[input] ?? '=';
  return cells;
}

function actual(rules: ServerRules): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [name, state] of Object.entries(states(rules)))
    for (const [input, value] of Object.entries(INPUTS))
      cells[`${name} × ${input}`] = cell(state, value);
  return cells;
}

describe('advanceQueuedJob: every state × input', () => {
  it('servers whose cancel removes a waiting job (Gradio >= 6.14)', () => {
    expect(actual(NEW)).toEqual(table({}));
  });

  it('servers whose cancel leaves a waiting job queued (before 6.14)', () => {
    expect(actual(OLD)).toEqual(table(OLD_SERVER_CHANGES));
  });
});

/** Runs inputs from the initial state; returns the effect types per step and the last state. */
function walk(rules: ServerRules, inputs: QueuedJobInput[]) {
  let state = initialQueuedJob(initialJobState(endpoint, null), rules);
  const steps: string[] = [];
  for (const input of inputs) {
    const step = advanceQueuedJob(state, input, 1000);
    state = step.state;
    steps.push(step.effects.map((e) => e.type).join(' '));
  }
  return { steps, state };
}

describe('advanceQueuedJob: the races the integration specs found', () => {
  it('cancel answered before the job starts (Gradio 5): a second cancel when it starts, never a third', () => {
    const { steps, state } = walk(NEW, [
      INPUTS['joined:alone']!,
      { type: 'message', message: msg({ msg: 'process_starts' }) },
      INPUTS['unsub:alone']!,
      INPUTS.cancelAnswered!,
      INPUTS['msg:starts']!,
      INPUTS['msg:generating']!,
      INPUTS['msg:completed']!,
    ]);
    expect(steps).toEqual([
      'emit listen',
      'emit',
      'startGrace postCancel',
      '',
      'postCancel',
      '',
      'release',
    ]);
    expect(state.phase.name).toBe('released');
  });

  it('join in flight at unsubscribe: nothing until the event id is known, then one cancel', () => {
    const { steps } = walk(NEW, [INPUTS['unsub:alone']!, INPUTS['joined:alone']!]);
    expect(steps).toEqual(['', 'listen startGrace postCancel']);
  });

  it('join in flight at unsubscribe on an old server: the stream is cut, one cancel once noticed', () => {
    const { steps, state } = walk(OLD, [
      INPUTS['unsub:alone']!,
      INPUTS['joined:alone']!,
      INPUTS['msg:completed']!, // a completion before the cut is noticed ends nothing
      INPUTS.cutSettled!,
      INPUTS.cancelAnswered!,
      INPUTS['msg:starts']!,
    ]);
    expect(steps).toEqual(['', 'listen cutStream', '', 'postCancel release', '', '']);
    expect(state.phase.name).toBe('released');
  });

  it('a failed join after an unsubscribe releases without a cancel', () => {
    const { steps } = walk(OLD, [INPUTS['unsub:alone']!, INPUTS.joinFailed!]);
    expect(steps).toEqual(['', 'release error']);
  });

  it('the stream closing while the job waits fails it once; the unsubscribe that follows is ignored', () => {
    const { steps } = walk(NEW, [
      INPUTS['joined:alone']!,
      INPUTS.streamFailed!,
      INPUTS['unsub:alone']!,
    ]);
    expect(steps).toEqual(['emit listen', 'release error', '']);
  });

  it('releases before the final events go out, so leaving on the last data cancels nothing', () => {
    const { state } = walk(NEW, [INPUTS['joined:alone']!]);
    const step = advanceQueuedJob(state, INPUTS['msg:completed']!, 1000);
    expect(step.effects.map((e) => e.type)).toEqual(['release', 'emit', 'emit', 'complete']);
    expect(advanceQueuedJob(step.state, INPUTS['unsub:alone']!, 1001).effects).toEqual([]);
  });

  it('the joined status carries the event id', () => {
    const step = advanceQueuedJob(
      initialQueuedJob(initialJobState(endpoint, null), NEW),
      INPUTS['joined:alone']!,
      1234,
    );
    const emit = step.effects.find((e) => e.type === 'emit');
    expect(emit).toMatchObject({
      event: { type: 'status', stage: 'pending', eventId: 'e1', time: 1234 },
    });
  });
});

describe('cancelPlan', () => {
  const pending = initialJobState(endpoint, 'e1');
  const started = { ...pending, stage: 'generating' as const };
  it.each([
    [NEW, pending, ALONE, 'cancel'],
    [NEW, started, SHARED, 'cancel'],
    [NEW, started, SIBLING, 'abandon'],
    [OLD, pending, ALONE, 'cut'],
    [OLD, pending, SHARED, 'cancel-on-start'],
    [OLD, pending, SIBLING, 'abandon'],
    [OLD, started, ALONE, 'cancel'],
  ])('%# %j', (rules, job, session, plan) => {
    expect(cancelPlan(job, rules, session)).toBe(plan);
  });
});
