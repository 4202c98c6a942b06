import { AppNotFoundError } from '../errors/connect-errors';
import { GradioError } from '../errors/gradio-error';
import { parseJsonText } from '../protocol/check-json';

/**
 * `error` as the caller should see it: gradio-rx errors and aborts (the caller's own unsubscribe
 * or signal) pass through; anything else (a network failure, a timeout, a socket closed mid-body)
 * becomes `wrap(error)`, with the original as its `cause`. The one place foreign errors are typed.
 */
export function foreignError(error: unknown, wrap: (cause: unknown) => GradioError): unknown {
  if (error instanceof GradioError) return error;
  if ((error as { name?: unknown } | null)?.name === 'AbortError') return error;
  return wrap(error);
}

/**
 * The `unanswered` error of connect-time requests (config, API description, login, the hub):
 * `APP_UNREACHABLE`, saying whether `url` timed out (after `timeout` ms, when known) or could not
 * be reached at all.
 */
export function unreachable(cause: unknown, url: string, timeout?: number | false): GradioError {
  if ((cause as { name?: unknown } | null)?.name === 'TimeoutError') {
    return new AppNotFoundError(
      'APP_UNREACHABLE',
      `${url} did not answer ${typeof timeout === 'number' ? `within ${timeout} ms` : 'in time'}. Check that the app is running, or raise { timeout }.`,
      { url, cause },
    );
  }
  return new AppNotFoundError(
    'APP_UNREACHABLE',
    `Could not reach ${url}: is the app running and the address right?`,
    { url, cause },
  );
}

/** One request to a Gradio or hub route, and how to read its answer. */
export interface RouteCall<T> {
  /** Sends the request. */
  send: () => Promise<Response>;
  /** Redacts the client's secrets from server text quoted in errors (`HttpClient.redact`). */
  redact: (text: string) => string;
  /** Whether the answer is a success to `read`. @default `response.ok` */
  accepts?: (response: Response) => boolean;
  /**
   * The typed error for an answer that is not accepted; `text` is its body, redacted. A promise
   * when the code that reads refusals is loaded on first use (`FAILURES`).
   */
  refused: (status: number, text: string) => GradioError | Promise<GradioError>;
  /** Reads an accepted answer into the value (throws the typed error when its shape is wrong). */
  read: (response: Response, redact: (text: string) => string) => Promise<T>;
  /** The typed error for a request that got no (whole) answer: refused connection, timeout, cut body. */
  unanswered: (cause: unknown) => GradioError;
}

/**
 * Sends one request and turns the outcome into a value or a typed error: a refusal through
 * `refused` (with the redacted body), a success through `read`, and anything thrown on the way
 * (sending, or reading the body) through `unanswered`.
 */
export async function callRoute<T>(call: RouteCall<T>): Promise<T> {
  try {
    const response = await call.send();
    if (!(call.accepts ? call.accepts(response) : response.ok))
      throw await call.refused(response.status, call.redact(await response.text()));
    return await call.read(response, call.redact);
  } catch (error) {
    throw foreignError(error, call.unanswered);
  }
}

/** An accepted answer, as a JSON `read` sees it besides its body. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The body, redacted and cut to 200 characters, to quote in an error message. */
  quote(): string;
}

/**
 * A `read` for JSON answers: hands the parsed body (undefined when it is not JSON) to `check`,
 * which returns the value or throws the typed error. The body itself is not redacted: it is data.
 */
export const readJson =
  <T>(check: (body: unknown, answer: Answer) => T) =>
  async (response: Response, redact: (text: string) => string): Promise<T> => {
    const text = await response.text();
    return check(parseJsonText(text), {
      status: response.status,
      headers: response.headers,
      quote: () => redact(text).slice(0, 200),
    });
  };

/** Bodies up to this size are read to their end by {@link discardBody}. */
const DRAIN_LIMIT = 64 * 1024;

/**
 * A `read` for answers whose body does not matter. A short body is read to its end, so the
 * connection goes back to the pool (cancelling a body that has not fully arrived closes the
 * connection, and the next request pays for a new one); a long one is cancelled.
 */
export const discardBody = async (response: Response): Promise<void> => {
  const body = response.body;
  if (body === null) return;
  const length = Number(response.headers.get('content-length'));
  if (length > DRAIN_LIMIT) return body.cancel();
  if (length > 0) {
    await response.arrayBuffer(); // the cheapest read of a body of known, small size
    return;
  }
  const reader = body.getReader();
  for (let read = 0; ;) {
    const { done, value } = await reader.read();
    if (done) return;
    read += value.byteLength;
    if (read > DRAIN_LIMIT) return reader.cancel();
  }
};
