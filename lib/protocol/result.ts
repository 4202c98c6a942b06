import type { GradioError } from '../errors/gradio-error';

/** The outcome of a pure protocol step: a value, or the typed error explaining why not. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: GradioError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: GradioError): Result<T> => ({ ok: false, error });
