import { describe, expect, it } from '@jest/globals';
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

describe('sseData$', () => {
  it.each([[[1]], [[2, 3]], [[7]], [[1000]], [[5, 1, 9]]])(
    'decodes the same events whatever the chunking (%p), including split UTF-8',
    async (sizes) => {
      const stream = controlledResponse();
      const result = lastValueFrom(
        sseData$({ open: async () => stream.response, idleTimeout: false }).pipe(toArray()),
      );
      for (const chunk of chunked(new TextEncoder().encode(frames), sizes)) stream.push(chunk);
      stream.end();
      expect(await result).toEqual(expected);
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
});
