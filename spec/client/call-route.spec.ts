import { describe, expect, it } from '@jest/globals';
import { callRoute, discardBody, foreignError, readJson } from '../../lib/client/call-route';
import { GradioError, isGradioError } from '../../lib/errors/gradio-error';

const SECRET = 'hf_TopSecretToken123';
const redact = (text: string) => text.split(SECRET).join('[redacted]');
const refused = (status: number, text: string) =>
  new GradioError('SERVER_ERROR', `refused ${status}: ${text}`, { status });
const unanswered = (cause: unknown) => new GradioError('CONNECTION_LOST', 'no answer', { cause });
const eventId = readJson((body, answer) => {
  const id = (body as { event_id?: unknown } | undefined)?.event_id;
  if (typeof id !== 'string') throw new GradioError('PROTOCOL_ERROR', `no id: ${answer.quote()}`);
  return id;
});
const call = (send: () => Promise<Response>) =>
  callRoute({ send, redact, refused, read: eventId, unanswered });

describe('callRoute', () => {
  it('reads an accepted answer', async () => {
    expect(await call(async () => Response.json({ event_id: 'e1' }))).toBe('e1');
  });

  it('hands a refusal its status and redacted body', async () => {
    const error = await call(async () => new Response(`bad ${SECRET}`, { status: 500 })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'SERVER_ERROR', message: 'refused 500: bad [redacted]' });
  });

  it('waits for a refusal read on demand: its error, or the error of loading what reads it', async () => {
    const later = (status: number, text: string) => Promise.resolve(refused(status, text));
    const error = await callRoute({
      send: async () => new Response(`bad ${SECRET}`, { status: 503 }),
      redact,
      refused: later,
      read: eventId,
      unanswered,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', message: 'refused 503: bad [redacted]' });
    const notLoaded = new GradioError('CONNECTION_LOST', 'the table did not load', { status: 503 });
    const failed = await callRoute({
      send: async () => new Response('bad', { status: 503 }),
      redact,
      refused: () => Promise.reject(notLoaded),
      read: eventId,
      unanswered,
    }).catch((e: unknown) => e);
    // Passed through as it is, not wrapped as unanswered.
    expect(failed).toBe(notLoaded);
  });

  it('quotes a malformed answer redacted, but gives the body to the reader unredacted', async () => {
    const malformed = await call(async () => new Response(`{"id": "${SECRET}"}`)).catch(
      (e: unknown) => e,
    );
    expect(malformed).toMatchObject({ code: 'PROTOCOL_ERROR' });
    expect((malformed as Error).message).toContain('[redacted]');
    expect(await call(async () => Response.json({ event_id: SECRET }))).toBe(SECRET);
  });

  it('types what was thrown while sending or reading the body as unanswered, with the cause', async () => {
    const cut = new TypeError('terminated');
    const sendFailed = await call(() => Promise.reject(cut)).catch((e: unknown) => e);
    expect(sendFailed).toMatchObject({ code: 'CONNECTION_LOST', cause: cut });
    const body = new ReadableStream({ pull: (c) => c.error(cut) });
    const bodyFailed = await call(async () => new Response(body)).catch((e: unknown) => e);
    expect(bodyFailed).toMatchObject({ code: 'CONNECTION_LOST', cause: cut });
  });

  it('lets aborts through, and uses accepts when given', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    expect(await call(() => Promise.reject(abort)).catch((e: unknown) => e)).toBe(abort);
    const redirect = await callRoute({
      send: async () => new Response(null, { status: 302 }),
      redact,
      accepts: (r) => r.status === 302,
      refused,
      read: discardBody,
      unanswered,
    });
    expect(redirect).toBeUndefined();
  });
});

describe('foreignError', () => {
  it('passes gradio-rx errors and aborts, wraps anything else', () => {
    const ours = new GradioError('QUEUE_FULL', 'full');
    expect(foreignError(ours, unanswered)).toBe(ours);
    const wrapped = foreignError(new Error('ECONNREFUSED'), unanswered);
    expect(isGradioError(wrapped, 'CONNECTION_LOST')).toBe(true);
  });
});
