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
