/** A streaming Response whose body the test writes to, chunk by chunk. */
export interface ControlledResponse {
  response: Response;
  push(text: string | Uint8Array): void;
  end(): void;
  fail(error: Error): void;
  /** Whether the reader cancelled the body (the client hung up). */
  cancelled(): boolean;
}

export function controlledResponse(status = 200): ControlledResponse {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let wasCancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      wasCancelled = true;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status, headers: { 'content-type': 'text/event-stream' } }),
    push: (text) => controller.enqueue(typeof text === 'string' ? encoder.encode(text) : text),
    end: () => controller.close(),
    fail: (error) => controller.error(error),
    cancelled: () => wasCancelled,
  };
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
