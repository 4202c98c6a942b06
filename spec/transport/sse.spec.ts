import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { lastValueFrom, toArray } from 'rxjs';
import { sseData$, SseError } from '../../lib/transport/sse';
import { controlledResponse, tick } from '../support/controlled-response';

const frames =
  'data: {"a":1}\n\ndata: {"msg":"é✓"}\r\n\r\n: comment\n\ndata: line1\ndata: line2\n\n';
const expected = ['{"a":1}', '{"msg":"é✓"}', 'line1\nline2'];

function chunked(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i++ % sizes.length] as number);
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Feeds `text` to sseData$ as UTF-8 cut into chunks of `sizes` bytes; resolves with the events' data. */
async function decodeChunked(text: string, sizes: number[]): Promise<string[]> {
  const stream = controlledResponse();
  const result = lastValueFrom(
    sseData$({ open: async () => stream.response, idleTimeout: false }).pipe(toArray()),
  );
  for (const chunk of chunked(new TextEncoder().encode(text), sizes)) stream.push(chunk);
  stream.end();
  return result;
}

describe('sseData$', () => {
  it.each([[[1]], [[2, 3]], [[7]], [[1000]], [[5, 1, 9]]])(
    'decodes the same events whatever the chunking (%p), including split UTF-8',
    async (sizes) => {
      expect(await decodeChunked(frames, sizes)).toEqual(expected);
    },
  );

  it('errors with the status and body on a non-2xx answer', async () => {
    const error = await lastValueFrom(
      sseData$({
        open: async () => new Response('Not authenticated', { status: 401 }),
        idleTimeout: false,
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SseError);
    expect(error).toMatchObject({ status: 401, body: 'Not authenticated' });
  });

  it('errors (status 0) when the network breaks mid-stream', async () => {
    const stream = controlledResponse();
    const result = lastValueFrom(
      sseData$({ open: async () => stream.response, idleTimeout: false }).pipe(toArray()),
    ).catch((e: unknown) => e);
    stream.push('data: 1\n\n');
    await tick();
    stream.fail(new Error('socket hang up'));
    expect(await result).toMatchObject({ name: 'SseError', status: 0 });
  });

  it('errors when idle longer than the idle timeout, and aborts the request', async () => {
    const stream = controlledResponse();
    let signal: AbortSignal | undefined;
    const started = Date.now();
    const error = await lastValueFrom(
      sseData$({
        open: async (s) => {
          signal = s;
          return stream.response;
        },
        idleTimeout: 100,
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, body: 'idle' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(signal?.aborted).toBe(true);
  });

  it('stays open while data keeps coming, and errors once it stops for the idle timeout', async () => {
    const stream = controlledResponse();
    const seen: string[] = [];
    let failedAt = 0;
    const started = Date.now();
    const failed = new Promise<unknown>((resolve) =>
      sseData$({ open: async () => stream.response, idleTimeout: 100 }).subscribe({
        next: (data) => seen.push(data),
        error: (error: unknown) => {
          failedAt = Date.now();
          resolve(error);
        },
      }),
    );
    // 300 ms of data every 40 ms: never 100 ms without bytes.
    for (let i = 0; i < 8; i++) {
      stream.push(`data: ${i}\n\n`);
      await tick(40);
    }
    const lastData = Date.now();
    expect(seen).toHaveLength(8);
    expect(await failed).toMatchObject({ status: 0, body: 'idle' });
    expect(lastData - started).toBeGreaterThanOrEqual(300);
    expect(failedAt - lastData).toBeGreaterThanOrEqual(50);
    expect(failedAt - lastData).toBeLessThan(1000);
  });

  it('aborts the request and cancels the body on unsubscribe', async () => {
    const stream = controlledResponse();
    let signal: AbortSignal | undefined;
    const seen: string[] = [];
    const subscription = sseData$({
      open: async (s) => {
        signal = s;
        return stream.response;
      },
      idleTimeout: 1000,
    }).subscribe((d) => seen.push(d));
    stream.push('data: x\n\n');
    await tick(10);
    subscription.unsubscribe();
    await tick(10);
    expect(seen).toEqual(['x']);
    expect(signal?.aborted).toBe(true);
    expect(stream.cancelled()).toBe(true);
  });

  it('leaves no idle timer behind when a chunk was already on its way at unsubscribe', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    // The body itself (not wrapped in a Response), so a chunk settles the pending read at once.
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const before = timers();
    const subscription = sseData$({
      open: async () => ({ ok: true, status: 200, body }) as Response,
      idleTimeout: 60_000,
    }).subscribe();
    await tick(10);
    // The pending read resolves with this chunk, but its continuation runs after the teardown.
    controller.enqueue(new TextEncoder().encode('data: late\n\n'));
    subscription.unsubscribe();
    await tick(10);
    expect(timers()).toBe(before);
  });
});

/**
 * The reference model of the decoder: an event is a list of data lines (no CR/LF inside a line);
 * on the wire each line is `data:` + optional space + the line, lines end with LF, CRLF or CR,
 * comments and unknown fields may sit between lines, and a blank line ends the event. The data
 * the decoder emits is the event's lines joined by LF.
 */
const line = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((l) => !/[\r\n]/.test(l));
const wireEvent = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  space: fc.boolean(),
  comment: fc.option(line.map((l) => `:${l}`)),
  unknownField: fc.option(line.map((l) => `retry-ish:${l}`)),
});

describe('sseData$ against a reference model (property-based)', () => {
  it('emits exactly the events written, in order, for any chunking of any text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(wireEvent, { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 }),
        async (events, sizes) => {
          const wire =
            events
              .map(({ lines, eol, space, comment, unknownField }) => {
                const fields = lines.map((l) => `data:${space ? ' ' : ''}${l}`);
                if (comment !== null) fields.unshift(comment);
                if (unknownField !== null) fields.push(unknownField);
                // A leading space is stripped once; a line that starts with a space needs the
                // separating space to keep it.
                return fields.map((f) => `${f}${eol}`).join('') + eol;
              })
              // The parser cannot tell a final bare CR from the first half of a CRLF until more
              // bytes come; a stream that ends right after a bare CR (no server does) is out of scope.
              .join('') + ':\n';
          const expected = events.map(({ lines, space }) =>
            lines.map((l) => (!space && l.startsWith(' ') ? l.slice(1) : l)).join('\n'),
          );
          expect(await decodeChunked(wire, sizes)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an event that grows past maxEventBytes instead of buffering it', async () => {
    const stream = controlledResponse();
    const result = lastValueFrom(
      sseData$({ open: async () => stream.response, idleTimeout: false, maxEventBytes: 1000 }).pipe(
        toArray(),
      ),
    ).catch((error: unknown) => error);
    stream.push('data: ok\n\n');
    for (let i = 0; i < 20; i++) stream.push(`data: ${'x'.repeat(100)}`);
    const error = await result;
    expect(error).toBeInstanceOf(SseError);
    expect(error).toMatchObject({ body: 'oversized' });
    expect(stream.cancelled()).toBe(true);
  });
});
