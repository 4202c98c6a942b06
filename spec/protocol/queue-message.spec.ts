import { describe, expect, it } from '@jest/globals';
import { decodeQueueMessage } from '../../lib/protocol/queue-message';

const frame = (body: Record<string, unknown>) => JSON.stringify(body);

describe('decodeQueueMessage', () => {
  it('decodes every message the server sends', () => {
    expect(
      decodeQueueMessage(
        frame({ msg: 'estimation', event_id: 'e', rank: 2, queue_size: 3, rank_eta: 1.5 }),
      ),
    ).toEqual({
      msg: 'estimation',
      eventId: 'e',
      rank: 2,
      queueSize: 3,
      rankEta: 1.5,
    });
    expect(decodeQueueMessage(frame({ msg: 'process_starts', event_id: 'e', eta: null }))).toEqual({
      msg: 'process_starts',
      eventId: 'e',
      eta: null,
    });
    expect(
      decodeQueueMessage(
        frame({
          msg: 'progress',
          event_id: 'e',
          progress_data: [{ index: 1, length: 4, unit: 'steps', progress: null, desc: 'w' }],
        }),
      ),
    ).toEqual({
      msg: 'progress',
      eventId: 'e',
      progress: [{ index: 1, length: 4, unit: 'steps', progress: null, desc: 'w' }],
    });
    expect(
      decodeQueueMessage(
        frame({
          msg: 'log',
          event_id: 'e',
          log: 'hi',
          level: 'warning',
          duration: null,
          visible: true,
          title: 'T',
        }),
      ),
    ).toEqual({
      msg: 'log',
      eventId: 'e',
      level: 'warning',
      text: 'hi',
      title: 'T',
      duration: null,
      visible: true,
    });
    expect(decodeQueueMessage(frame({ msg: 'heartbeat' }))).toEqual({ msg: 'heartbeat' });
    expect(decodeQueueMessage(frame({ msg: 'close_stream', event_id: null }))).toEqual({
      msg: 'close_stream',
    });
    expect(
      decodeQueueMessage(
        frame({
          msg: 'unexpected_error',
          message: 'Server stopped unexpectedly.',
          session_not_found: false,
          success: false,
        }),
      ),
    ).toEqual({
      msg: 'unexpected_error',
      eventId: null,
      message: 'Server stopped unexpectedly.',
      sessionNotFound: false,
    });
  });

  it('tells successful, failed and cancelled completions apart', () => {
    expect(
      decodeQueueMessage(
        frame({ msg: 'process_completed', event_id: 'e', success: true, output: { data: [1] } }),
      ),
    ).toMatchObject({
      success: true,
      output: { data: [1] },
    });
    expect(
      decodeQueueMessage(
        frame({
          msg: 'process_completed',
          event_id: 'e',
          success: false,
          title: 'Oops',
          output: { error: 'bad', duration: 10, visible: true, title: 'Oops' },
        }),
      ),
    ).toEqual({
      msg: 'process_completed',
      eventId: 'e',
      success: false,
      title: 'Oops',
      output: { error: 'bad', title: 'Oops', duration: 10, visible: true },
    });
    expect(
      decodeQueueMessage(
        frame({ msg: 'process_completed', event_id: 'e', success: false, output: { error: null } }),
      ),
    ).toMatchObject({
      success: false,
      output: { error: null },
    });
    expect(
      decodeQueueMessage(
        frame({ msg: 'process_completed', event_id: 'e', success: true, output: {} }),
      ),
    ).toMatchObject({ success: true, output: {} });
  });

  it('keeps unknown message types as unknown (newer servers)', () => {
    expect(decodeQueueMessage(frame({ msg: 'future_thing', event_id: 'e', x: 1 }))).toMatchObject({
      msg: 'unknown',
      eventId: 'e',
    });
  });

  it.each([
    'not json',
    '[1,2]',
    '{"no_msg":1}',
    '{"msg":"process_generating","event_id":"e"}',
    'null',
  ])('reports %p as invalid, never throws', (text) => {
    expect(decodeQueueMessage(text).msg).toBe('invalid');
  });

  it('defaults odd field values instead of trusting them', () => {
    expect(
      decodeQueueMessage(
        frame({ msg: 'estimation', event_id: 7, rank: 'x', queue_size: Infinity }),
      ),
    ).toEqual({
      msg: 'estimation',
      eventId: null,
      rank: null,
      queueSize: null,
      rankEta: null,
    });
    expect(decodeQueueMessage(frame({ msg: 'log', level: 'shout', log: 5 }))).toMatchObject({
      level: 'info',
      text: '',
    });
  });
});
