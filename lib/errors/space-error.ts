import { GradioError, type GradioErrorContext } from './gradio-error';

/**
 * A Hugging Face Space cannot serve requests (`SPACE_ERROR`). `stage` is the hub's stage
 * (`BUILD_ERROR`, `RUNTIME_ERROR`, `PAUSED`, `NO_APP_FILE`, `CONFIG_ERROR`, `DELETING`, ...).
 */
export class SpaceError extends GradioError {
  override readonly name = 'SpaceError';
  /** The Space id, `owner/name`. */
  readonly space: string;
  /** The hub's stage name that stopped it (`BUILD_ERROR`, `PAUSED`, ...). */
  readonly stage: string;
  constructor(space: string, stage: string, message: string, context?: GradioErrorContext) {
    super('SPACE_ERROR', message, context);
    this.space = space;
    this.stage = stage;
  }
}
