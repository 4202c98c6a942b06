import { GradioError, type GradioErrorContext } from './gradio-error';

/**
 * The app could not be found or reached. `code` tells which: `APP_NOT_FOUND` (it answered 404 or
 * the source is not a URL) or `APP_UNREACHABLE` (nothing answered in time).
 */
export class AppNotFoundError extends GradioError {
  override readonly name = 'AppNotFoundError';
  constructor(
    code: 'APP_NOT_FOUND' | 'APP_UNREACHABLE',
    message: string,
    context?: GradioErrorContext,
  ) {
    super(code, message, context);
  }
}

/**
 * `APP_NOT_FOUND` for a `/config` or `/info` that answered 404. Kept out of the status table
 * (`protocol/http-failures`, loaded on the first refusal) since connects meet it routinely: a page's
 * URL has no `/config`, and Gradio 4 has no `/gradio_api/info` (asked for on speculation).
 */
export const noAppAt = (url: string): AppNotFoundError =>
  new AppNotFoundError(
    'APP_NOT_FOUND',
    `No Gradio app answers at ${url} (HTTP 404). Check the URL, including any sub-path the app is mounted at.`,
    { url, status: 404 },
  );

/**
 * Access was refused. `code` is `AUTH_REQUIRED` (the app wants Gradio login), `LOGIN_FAILED` (the
 * credentials were refused) or `PRIVATE_APP` (a Hugging Face token is missing or wrong).
 * `authMessage` is the app's own login hint, when it set one.
 */
export class AuthError extends GradioError {
  override readonly name = 'AuthError';
  /** The app's own login hint (`auth_message`), when it set one; never on `PRIVATE_APP`. */
  readonly authMessage?: string;
  constructor(
    code: 'AUTH_REQUIRED' | 'LOGIN_FAILED' | 'PRIVATE_APP',
    message: string,
    context?: GradioErrorContext & { authMessage?: string },
  ) {
    super(code, message, context);
    if (context?.authMessage) this.authMessage = context.authMessage;
  }
}

/** The app's config or API description could not be used (`BAD_CONFIG`). */
export class ConfigError extends GradioError {
  override readonly name = 'ConfigError';
  constructor(message: string, context?: GradioErrorContext) {
    super('BAD_CONFIG', message, context);
  }
}

/**
 * The app speaks a wire protocol gradio-rx does not implement (`UNSUPPORTED_PROTOCOL`): Gradio 3
 * apps (websockets) and Gradio 4.0–4.8 (the first SSE protocol). `protocol` is what the app
 * announced.
 */
export class UnsupportedProtocolError extends GradioError {
  override readonly name = 'UnsupportedProtocolError';
  /** The protocol the app's config announced (`"ws"` when it names none, as on Gradio 3). */
  readonly protocol: string;
  /** The app's Gradio version, when its config says. */
  readonly version?: string;
  constructor(protocol: string, version: string | undefined, context?: GradioErrorContext) {
    super(
      'UNSUPPORTED_PROTOCOL',
      `This app uses the "${protocol}" protocol${version ? ` (Gradio ${version})` : ''}, which gradio-rx does not support. ` +
        'gradio-rx needs Gradio 4.9 or later; ask the app owner to upgrade Gradio.',
      context,
    );
    this.protocol = protocol;
    if (version !== undefined) this.version = version;
  }
}
