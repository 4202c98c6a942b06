import { describe, expect, it } from '@jest/globals';
import { buildEndpoints } from '../../lib/protocol/build-endpoints';
import { initialJobState, reduceJobMessage, type JobState } from '../../lib/protocol/job-reducer';
import { decodeQueueMessage, type QueueMessage } from '../../lib/protocol/queue-message';
import type { SubmitEvent } from '../../lib/types/events';
import { sampleConfig } from './config-fixtures';

const greet = buildEndpoints(sampleConfig(), null)[0]!; // generator with a state input and output
const msg = (body: Record<string, unknown>) =>
  decodeQueueMessage(JSON.stringify({ event_id: 'e1', ...body })) as QueueMessage;

function run(messages: Record<string, unknown>[]) {
  let state: JobState = initialJobState(greet, 'e1');
  const events: SubmitEvent[] = [];
  let outcome;
  for (const body of messages) {
    const step = reduceJobMessage(state, msg(body), 1000);
    state = step.state;
    events.push(...step.events);
    outcome = step.outcome ?? outcome;
  }
  return { events, outcome, state };
}

const summary = (events: SubmitEvent[]) =>
  events.map((e) =>
    e.type === 'status'
      ? `status:${e.stage}`
      : e.type === 'data'
        ? `data:${JSON.stringify(e.data)}`
        : e.type === 'log'
          ? `log:${e.message}`
          : e.type === 'render'
            ? `render:${e.endpoints.join(',')}`
            : `upload:${e.loaded}`,
  );

describe('reduceJobMessage', () => {
  it('walks a generator job from queue to completion, applying diffs and hiding state', () => {
    const { events, outcome } = run([
      { msg: 'estimation', rank: 1, queue_size: 2, rank_eta: 3 },
      { msg: 'process_starts', eta: 0.5 },
      {
        msg: 'process_generating',
        success: true,
        output: { data: ['He', 7], is_generating: true },
      },
      {
        msg: 'process_generating',
        success: true,
        output: { data: [[['append', [], 'llo']], []], is_generating: true },
      },
      {
        msg: 'process_completed',
        success: true,
        output: { data: ['Hello', 7], is_generating: false, average_duration: 0.2 },
      },
    ]);
    expect(summary(events)).toEqual([
      'status:pending',
      'status:processing',
      'status:generating',
      'data:["He"]',
      'data:["Hello"]',
      'status:complete',
    ]);
    expect(events[0]).toMatchObject({
      position: 1,
      queueSize: 2,
      eta: 3,
      endpoint: '/greet',
      fnIndex: 0,
      eventId: 'e1',
      time: 1000,
    });
    expect(events.at(-1)).toMatchObject({ eta: 0.2 });
    expect(outcome).toEqual({ kind: 'complete' });
  });

  it('emits the final output when it differs from the last update, or when nothing was generated', () => {
    expect(
      summary(
        run([{ msg: 'process_completed', success: true, output: { data: [null, null] } }]).events,
      ),
    ).toEqual(['data:[null]', 'status:complete']);
    const differing = run([
      { msg: 'process_generating', success: true, output: { data: ['a', 0] } },
      { msg: 'process_completed', success: true, output: { data: ['b', 0] } },
    ]);
    expect(summary(differing.events)).toEqual([
      'status:generating',
      'data:["a"]',
      'data:["b"]',
      'status:complete',
    ]);
  });

  it('turns progress into processing status with the tracker stack', () => {
    const { events } = run([
      {
        msg: 'progress',
        progress_data: [{ index: 2, length: 5, unit: 'it', progress: null, desc: 'x' }],
      },
    ]);
    expect(events[0]).toMatchObject({ stage: 'processing', progress: [{ index: 2, length: 5 }] });
  });

  it('turns logs into log events without changing the stage', () => {
    const { events, state } = run([
      { msg: 'log', log: 'careful', level: 'warning', title: 'W', duration: 5, visible: true },
    ]);
    expect(events).toEqual([
      {
        type: 'log',
        endpoint: '/greet',
        fnIndex: 0,
        eventId: 'e1',
        time: 1000,
        level: 'warning',
        message: 'careful',
        title: 'W',
        duration: 5,
        visible: true,
      },
    ]);
    expect(state.stage).toBe('pending');
  });

  it('fails with AppError carrying the message and title, or a hint when the app hides it', () => {
    const shown = run([
      {
        msg: 'process_completed',
        success: false,
        title: 'Oops',
        output: { error: 'bad', title: 'Oops' },
      },
    ]);
    expect(shown.outcome).toMatchObject({
      kind: 'error',
      error: { code: 'APP_ERROR', appMessage: 'bad', title: 'Oops' },
    });
    expect(summary(shown.events)).toEqual(['status:error']);
    const hidden = run([{ msg: 'process_completed', success: false, output: { error: null } }]);
    expect(hidden.outcome).toMatchObject({ kind: 'error', error: { appMessage: null } });
    expect((hidden.outcome as { error: Error }).error.message).toMatch(/show_error=True/);
  });

  it('never reports a cancel by someone else as success', () => {
    const { outcome, events } = run([{ msg: 'process_completed', success: true, output: {} }]);
    expect(outcome).toMatchObject({ kind: 'error', error: { code: 'JOB_CANCELLED' } });
    expect(events.some((e) => e.type === 'data')).toBe(false);
  });

  it('fails with PROTOCOL_ERROR on an update that does not apply', () => {
    const { outcome } = run([
      { msg: 'process_generating', success: true, output: { data: [5, 0] } },
      { msg: 'process_generating', success: true, output: { data: [[['append', [], 'x']], []] } },
    ]);
    expect(outcome).toMatchObject({ kind: 'error', error: { code: 'PROTOCOL_ERROR' } });
  });

  it('fails with SERVER_ERROR on unexpected_error and ignores heartbeats and unknown messages', () => {
    expect(run([{ msg: 'heartbeat' }, { msg: 'brand_new' }]).events).toEqual([]);
    expect(
      run([{ msg: 'unexpected_error', message: 'Server stopped unexpectedly.' }]).outcome,
    ).toMatchObject({
      kind: 'error',
      error: { code: 'SERVER_ERROR' },
    });
  });

  it('does not diff when the protocol predates diffs (sse_v1)', () => {
    let state = initialJobState(greet, 'e1');
    state = reduceJobMessage(
      state,
      msg({ msg: 'process_generating', success: true, output: { data: ['a', 0] } }),
      0,
      false,
    ).state;
    const step = reduceJobMessage(
      state,
      msg({ msg: 'process_generating', success: true, output: { data: ['ab', 0] } }),
      0,
      false,
    );
    expect(step.events).toMatchObject([{ type: 'data', data: ['ab'] }]);
  });
});
