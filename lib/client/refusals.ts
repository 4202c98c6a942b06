import type { GradioError } from '../errors/gradio-error';
import type { CredentialsGiven, RequestFailure } from '../protocol/http-failures';
import { FAILURES } from './lazy';

// The typed errors of refused requests. The status table that reads them (protocol/http-failures)
// is loaded on the first refusal, so an app whose requests all succeed never downloads it.

/** The error of a refused `/queue/join`, `/run`, chunk, upload or download (`errorForRequestFailure`). */
export const refusedRequest = (failure: RequestFailure): Promise<GradioError> =>
  FAILURES().then((failures) => failures.errorForRequestFailure(failure));

/** The error of a refused `/config` or `/info` (`errorForAppResponse`). */
export const refusedApp = (
  status: number,
  text: string,
  url: string,
  given: CredentialsGiven,
): Promise<GradioError> =>
  FAILURES().then((failures) => failures.errorForAppResponse(status, text, url, given));

/** The error of a refused `POST /login` (`errorForLoginResponse`). */
export const refusedLogin = (status: number, base: string, url: string): Promise<GradioError> =>
  FAILURES().then((failures) => failures.errorForLoginResponse(status, base, url));
