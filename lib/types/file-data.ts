/**
 * A file as Gradio describes it, in outputs (and, after upload, in inputs). `url` is absolute and
 * points at the app (`{root}/gradio_api/file=...` on Gradio 5+, `{root}/file=...` on 4.x), or at
 * another host for remote files.
 */
export interface FileData {
  /** The server-side path (or a remote URL). */
  path: string;
  /** Where to download the file. */
  url?: string | null;
  /** The file's original name. */
  orig_name?: string | null;
  /** Size in bytes, when known. */
  size?: number | null;
  /** The file's MIME type, when known. */
  mime_type?: string | null;
  /** True for streamed media (HLS). */
  is_stream?: boolean;
  /** Marks the object as a Gradio file reference. */
  meta: {
    /** Always `"gradio.FileData"`: what {@link isFileData} checks. */
    _type: 'gradio.FileData';
  };
}

/** Whether a value is a Gradio file reference. */
export function isFileData(value: unknown): value is FileData {
  if (typeof value !== 'object' || value === null) return false;
  const meta = (value as { meta?: { _type?: unknown } }).meta;
  return (
    typeof (value as { path?: unknown }).path === 'string' && meta?._type === 'gradio.FileData'
  );
}
