import { describe, expect, it } from '@jest/globals';
import { exitCodeFor, parseParamValue, payloadFromArgs } from '../../lib/cli/parse-params';
import { statusLine } from '../../lib/cli/status-line';
import { isFileInput } from '../../lib/types/file-input';

describe('CLI parameters', () => {
  it('reads values as JSON, text or files', () => {
    expect(parseParamValue('3')).toBe(3);
    expect(parseParamValue('[1,"a"]')).toEqual([1, 'a']);
    expect(parseParamValue('hello world')).toBe('hello world');
    expect(isFileInput(parseParamValue('@./cat.png'))).toBe(true);
    expect(parseParamValue('@')).toBe('@');
  });

  it('builds payloads and refuses ambiguous or malformed input', () => {
    expect(payloadFromArgs('[1,2]', [])).toEqual([1, 2]);
    expect(payloadFromArgs(undefined, ['a=1', 'b=x=y'])).toEqual({ a: 1, b: 'x=y' });
    expect(() => payloadFromArgs('[1]', ['a=1'])).toThrow(/either --data or --param/);
    expect(() => payloadFromArgs('nope', [])).toThrow(/must be JSON/);
    expect(() => payloadFromArgs('3', [])).toThrow(/array or object/);
    expect(() => payloadFromArgs(undefined, ['=1'])).toThrow(/name=value/);
  });

  it('maps error codes to exit codes', () => {
    expect(exitCodeFor('UNKNOWN_ENDPOINT')).toBe(2);
    expect(exitCodeFor('APP_UNREACHABLE')).toBe(3);
    expect(exitCodeFor('APP_ERROR')).toBe(1);
    expect(exitCodeFor(undefined)).toBe(1);
  });
});

describe('statusLine', () => {
  const base = { endpoint: '/f', fnIndex: 0, eventId: 'e', time: 0 };
  it('shows queue position, ETA and progress', () => {
    expect(
      statusLine({
        ...base,
        type: 'status',
        stage: 'pending',
        queued: true,
        position: 2,
        queueSize: 5,
        eta: 3.21,
        progress: null,
        message: null,
      }),
    ).toEqual({ fraction: 0, text: 'pending, queue 3/5, eta 3.2s' });
    expect(
      statusLine({
        ...base,
        type: 'status',
        stage: 'processing',
        queued: true,
        position: null,
        queueSize: null,
        eta: null,
        progress: [{ index: 1, length: 4, unit: 'it', progress: null, desc: 'working' }],
        message: null,
      }),
    ).toEqual({ fraction: 0.25, text: 'processing, working' });
    expect(
      statusLine({
        ...base,
        eventId: null,
        type: 'upload',
        file: 'a.bin',
        index: 0,
        loaded: 5,
        total: 10,
      }),
    ).toEqual({ fraction: 0.5, text: 'uploading a.bin' });
  });
});
