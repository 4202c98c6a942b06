const BRAND = '__gradioRxFileInput';

/** Options of {@link handleFile}. */
export interface HandleFileOptions {
  /** File name the app sees (`orig_name`). Default: the path's or File's name, else "file". */
  name?: string;
  /** MIME type to upload with. Default: the Blob's type, else application/octet-stream. */
  mimeType?: string;
  /**
   * For URLs: upload the file's bytes instead of letting the server fetch the URL.
   * @default false
   */
  upload?: boolean;
}

/** Where a file input comes from. */
export type FileSource =
  | {
      /** Discriminant: a local file (Node), streamed from disk when the job starts. */
      kind: 'path';
      /** The file's path. */
      path: string;
    }
  | {
      /** Discriminant: an `http(s)` URL, fetched by the app itself unless `upload` is set. */
      kind: 'url';
      /** The file's URL. */
      url: string;
    }
  | {
      /** Discriminant: a `Blob` or `File`. */
      kind: 'blob';
      /** The file's contents. */
      blob: Blob;
    }
  | {
      /** Discriminant: bytes in memory (a `Buffer`, `Uint8Array` or `ArrayBuffer`). */
      kind: 'bytes';
      /** The file's contents. */
      bytes: Uint8Array;
    };

/**
 * A value marked as a file input by {@link handleFile}. Anywhere it appears in a payload (nested in
 * arrays and objects too), it is uploaded before the job is submitted and replaced by the
 * server's file reference.
 */
export class FileInput {
  /** The brand {@link isFileInput} checks, so file inputs are recognised across bundles. */
  readonly [BRAND] = true;
  constructor(
    /** Where the file comes from. */
    readonly source: FileSource,
    /** The options given to {@link handleFile}. */
    readonly options: HandleFileOptions = {},
  ) {}
}

/** Whether a value is a {@link FileInput} (also across bundles, by brand). */
export function isFileInput(value: unknown): value is FileInput {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[BRAND] === true
  );
}
