import { noAppAt } from '../errors/connect-errors';
import { GradioError } from '../errors/gradio-error';
import type { CredentialsGiven, RequestFailure } from '../protocol/http-failures';
import { FAILURES } from './lazy';

// The typed errors of refused requests. The status table that reads them (protocol/http-failures)
// is loaded on the first refusal, so an app whose requests all succeed never downloads it.

type Failures = Awaited<ReturnType<typeof FAILURES>>;

/**
 * `read(table)` once the table is loaded. When it cannot be (a page gone offline, a host serving
 * only part of dist/), the error still says which request was refused, with what status.
 */
function withTable(
  url: string,
  status: number,
  read: (failures: Failures) => GradioError,
): Promise<GradioError> {
  return FAILURES().then(read, (cause: unknown) => {
    const why = cause instanceof Error ? cause.message : String(cause);
    return new GradioError(
      'CONNECTION_LOST',
      `${url} refused the request (HTTP ${status}). ${why}`,
      {
        url,
        status,
        cause,
      },
    );
  });
}

/** The error of a refused `/queue/join`, `/run`, chunk, upload or download (`errorForRequestFailure`). */
export const refusedRequest = (failure: RequestFailure): Promise<GradioError> =>
  withTable(failure.url, failure.status, (failures) => failures.errorForRequestFailure(failure));

/**
 * The error of a refused `/config` or `/info` (`errorForAppResponse`); a 404, which connects meet
 * routinely, without loading the table.
 */
export const refusedApp = (
  status: number,
  text: string,
  url: string,
  given: CredentialsGiven,
): GradioError | Promise<GradioError> =>
  status === 404
    ? noAppAt(url)
    : withTable(url, status, (failures) => failures.errorForAppResponse(status, text, url, given));

/** The error of a refused `POST /login` (`errorForLoginResponse`). */
export const refusedLogin = (status: number, base: string, url: string): Promise<GradioError> =>
  withTable(url, status, (failures) => failures.errorForLoginResponse(status, base, url));
