import { isRecord } from './check-json';

/** One tracker of a `gr.Progress` stack (outermost first). */
export interface ProgressUnit {
  /** Steps done, when the tracker counts steps. */
  index: number | null;
  /** Total steps, when known. */
  length: number | null;
  /** What a step is (`"steps"`, `"it"`, ...). */
  unit: string | null;
  /** Fraction done (0..1), when the tracker reports a fraction instead of steps. */
  progress: number | null;
  /** The tracker's description. */
  desc: string | null;
}

/** The `output` of a successful generating/completed message. */
export interface QueueOutput {
  data?: unknown[];
  is_generating?: boolean;
  duration?: number;
  average_duration?: number;
  [key: string]: unknown;
}

/** The `output` of a failed job. `error` is null when the app hides errors (`show_error=False`). */
export interface QueueErrorOutput {
  error: string | null;
  title?: string;
  duration?: number | null;
  visible?: boolean;
}

/** A decoded message of the session event stream (`{P}/queue/data`), keyed by `msg`. */
export type QueueMessage =
  | {
      msg: 'estimation';
      eventId: string | null;
      rank: number | null;
      queueSize: number | null;
      rankEta: number | null;
    }
  | { msg: 'process_starts'; eventId: string | null; eta: number | null }
  | { msg: 'progress'; eventId: string | null; progress: ProgressUnit[] }
  | {
      msg: 'log';
      eventId: string | null;
      level: 'info' | 'warning' | 'success' | 'error';
      text: string;
      title: string | null;
      duration: number | null;
      visible: boolean;
    }
  | {
      msg: 'process_generating' | 'process_streaming';
      eventId: string | null;
      success: boolean;
      output: QueueOutput;
    }
  | { msg: 'process_completed'; eventId: string | null; success: true; output: QueueOutput }
  | {
      msg: 'process_completed';
      eventId: string | null;
      success: false;
      output: QueueErrorOutput;
      title: string | null;
    }
  | { msg: 'heartbeat' }
  | { msg: 'close_stream' }
  | { msg: 'unexpected_error'; eventId: string | null; message: string; sessionNotFound: boolean }
  | { msg: 'unknown'; eventId: string | null; raw: Record<string, unknown> };

/** Why a frame could not be decoded. */
export interface QueueMessageFailure {
  msg: 'invalid';
  reason: string;
}

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function progressUnits(value: unknown): ProgressUnit[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((p) => ({
    index: num(p.index),
    length: num(p.length),
    unit: str(p.unit),
    progress: num(p.progress),
    desc: str(p.desc),
  }));
}

const LEVELS = new Set(['info', 'warning', 'success', 'error']);

/**
 * Decodes the JSON text of one SSE `data:` frame into a typed {@link QueueMessage}. Pure; never
 * throws: malformed frames come back as `{ msg: 'invalid', reason }`, and message types this
 * version does not know come back as `{ msg: 'unknown' }` so newer servers do not break it.
 */
export function decodeQueueMessage(text: string): QueueMessage | QueueMessageFailure {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { msg: 'invalid', reason: `not JSON: ${text.slice(0, 80)}` };
  }
  if (!isRecord(body)) return { msg: 'invalid', reason: 'not a JSON object' };
  const eventId = str(body.event_id);
  switch (body.msg) {
    case 'estimation':
      return {
        msg: 'estimation',
        eventId,
        rank: num(body.rank),
        queueSize: num(body.queue_size),
        rankEta: num(body.rank_eta),
      };
    case 'process_starts':
      return { msg: 'process_starts', eventId, eta: num(body.eta) };
    case 'progress':
      return { msg: 'progress', eventId, progress: progressUnits(body.progress_data) };
    case 'log': {
      const level = typeof body.level === 'string' && LEVELS.has(body.level) ? body.level : 'info';
      return {
        msg: 'log',
        eventId,
        level: level as 'info',
        text: str(body.log) ?? '',
        title: str(body.title),
        duration: num(body.duration),
        visible: body.visible !== false,
      };
    }
    case 'process_generating':
    case 'process_streaming':
      if (!isRecord(body.output)) return { msg: 'invalid', reason: `${body.msg} without output` };
      return {
        msg: body.msg,
        eventId,
        success: body.success !== false,
        output: body.output as QueueOutput,
      };
    case 'process_completed': {
      const output = isRecord(body.output) ? body.output : {};
      if (body.success === false || 'error' in output) {
        return {
          msg: 'process_completed',
          eventId,
          success: false,
          title: str(body.title) ?? str(output.title),
          output: {
            error: str(output.error),
            title: str(output.title) ?? undefined,
            duration: num(output.duration),
            visible: output.visible !== false,
          } as QueueErrorOutput,
        };
      }
      return { msg: 'process_completed', eventId, success: true, output: output as QueueOutput };
    }
    case 'heartbeat':
      return { msg: 'heartbeat' };
    case 'close_stream':
      return { msg: 'close_stream' };
    case 'unexpected_error':
      return {
        msg: 'unexpected_error',
        eventId,
        message: str(body.message) ?? 'The server reported an unexpected error.',
        sessionNotFound: body.session_not_found === true,
      };
    default:
      if (typeof body.msg !== 'string') return { msg: 'invalid', reason: 'no "msg" field' };
      return { msg: 'unknown', eventId, raw: body };
  }
}
