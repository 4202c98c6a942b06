import type { Observable } from 'rxjs';
import type { GradioClient } from '../client/gradio-client';
import type { SubmitEvent } from './events';
import type { SubmitOptions } from './options';

/** The types of one endpoint, as `gradio-rx types` generates them. */
export interface EndpointTypes {
  /** The named payload (`{ name: string; greeting?: string }`). */
  params: object;
  /** The positional payload (`[name: string, greeting?: string]`). */
  positional: readonly unknown[];
  /** The outputs, in order. */
  returns: unknown[];
}

/** An app's endpoints by name, as `gradio-rx types` generates them. */
export type ApiTypes = { [endpoint: string]: EndpointTypes };

/**
 * A client whose `predict$` / `submit$` are checked against generated endpoint types: a wrong
 * endpoint name, parameter name or value type is a compile error, and results are typed. Same
 * object as the untyped client at runtime; get it with `client.typed<Api>()`.
 *
 * @example
 * ```ts
 * import type { Api } from './my-app.gradio';   // npx gradio-rx types <url> -o my-app.gradio.ts
 * const app = client.typed<Api>();
 * const [sum] = await firstValueFrom(app.predict$('/add', { a: 1, b: 2 })); // sum: number
 * ```
 */
export interface TypedGradioClient<Api extends ApiTypes> extends Omit<
  GradioClient,
  'predict$' | 'submit$' | 'typed'
> {
  predict$<E extends keyof Api & string>(
    endpoint: E,
    payload: Api[E]['params'] | Api[E]['positional'],
    options?: SubmitOptions,
  ): Observable<Api[E]['returns']>;
  submit$<E extends keyof Api & string>(
    endpoint: E,
    payload: Api[E]['params'] | Api[E]['positional'],
    options?: SubmitOptions,
  ): Observable<SubmitEvent<Api[E]['returns']>>;
}
