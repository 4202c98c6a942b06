import { GradioError, type GradioErrorContext } from './gradio-error';

/** A file is larger than the app accepts (`UPLOAD_TOO_LARGE`); found before uploading when possible. */
export class FileTooLargeError extends GradioError {
  override readonly name = 'FileTooLargeError';
  /** The file's size in bytes, or null when it is not known. */
  readonly size: number | null;
  /** The app's upload limit in bytes (`max_file_size`), or null when it is not known. */
  readonly maxSize: number | null;
  constructor(
    file: string,
    size: number | null,
    maxSize: number | null,
    context?: GradioErrorContext,
  ) {
    super(
      'UPLOAD_TOO_LARGE',
      `The file "${file}"${size !== null ? ` (${size} bytes)` : ''} is larger than the app accepts${maxSize !== null ? ` (max_file_size ${maxSize} bytes)` : ''}. Send a smaller file.`,
      context,
    );
    this.size = size;
    this.maxSize = maxSize;
  }
}
