import { GradioError, type GradioErrorContext } from './gradio-error';

/**
 * The endpoint cannot be called: `UNKNOWN_ENDPOINT` (no such name or fn index; the message lists
 * the valid ones) or `PRIVATE_ENDPOINT` (the app hid it from API clients). Raised before any
 * request is sent.
 */
export class EndpointError extends GradioError {
  override readonly name = 'EndpointError';
  constructor(
    code: 'UNKNOWN_ENDPOINT' | 'PRIVATE_ENDPOINT',
    message: string,
    context?: GradioErrorContext,
  ) {
    super(code, message, context);
  }
}

/**
 * The payload does not fit the endpoint (`INVALID_ARGUMENTS`): a missing required parameter, an
 * unknown name, too many values, or a value that cannot be sent. Raised before any request.
 */
export class ArgumentError extends GradioError {
  override readonly name = 'ArgumentError';
  constructor(message: string, context?: GradioErrorContext) {
    super('INVALID_ARGUMENTS', message, context);
  }
}
