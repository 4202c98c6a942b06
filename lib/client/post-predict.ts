/**
 * The per-job wire options. The predict request itself (`/queue/join`, `/run/{name}`) lives with
 * every other route in `gradio-routes.ts`; this re-export keeps the job's imports stable.
 */
export type { JobRequestOptions } from './gradio-routes';
