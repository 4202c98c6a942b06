/**
 * The raw app config as served by `GET {app}/config`, reduced to the fields gradio-rx reads.
 * Other fields are kept (index signature) so `client.config` shows everything the server sent.
 */
export interface GradioConfig {
  /** Gradio version of the server, e.g. `"6.31.0"`. */
  version?: string;
  /** Wire protocol: `"sse_v3"` from Gradio 4.22 on; `"ws"` (or absent) means Gradio 3. */
  protocol?: string;
  /** `"/gradio_api"` on Gradio 5 and later; absent on 4.x. */
  api_prefix?: string;
  /** The public base URL the server works out for itself. */
  root?: string;
  /** Changes whenever the server restarts. Large integers lose precision in JavaScript. */
  app_id?: number | string;
  /** Whether listeners use the queue by default (a listener's own `queue` overrides it). */
  enable_queue?: boolean;
  /** Upload limit in bytes, or null for none. */
  max_file_size?: number | null;
  /** `"owner/space"` on Hugging Face Spaces. */
  space_id?: string | null;
  /** True when the app has `gr.State` or `unload` handlers: keep a heartbeat open. */
  connect_heartbeat?: boolean;
  /** Every component and layout block of the app. */
  components: GradioComponentConfig[];
  /** Every event listener of the app. */
  dependencies: GradioDependencyConfig[];
  [key: string]: unknown;
}

/** One component (or layout block) of the app. */
export interface GradioComponentConfig {
  /** The block's id, which listeners' `inputs` and `outputs` refer to. */
  id: number;
  /** Lower-case component type: `"textbox"`, `"state"`, `"row"`, ... */
  type: string;
  /** The component's properties as the server sends them (`label`, `value`, ...). */
  props?: Record<string, unknown>;
  /** Left out of the API (State and layout blocks). */
  skip_api?: boolean;
  /** The component's description of its value (a JSON Schema), when the server sends one. */
  api_info?: unknown;
  [key: string]: unknown;
}

/** One event listener of the app; its `id` is the `fn_index` used on the wire. */
export interface GradioDependencyConfig {
  /** The listener's fn index; when absent, its position in `dependencies` is. */
  id?: number;
  /** Name without the leading slash; `false`/`null` on 4.x/5.x for unnamed or private ones. */
  api_name?: string | false | null;
  /** Gradio 6: `"public" | "undocumented" | "private"`. */
  api_visibility?: string;
  /** Gradio 4.x/5.x: false hides the endpoint from the docs (still callable). */
  show_api?: boolean;
  /** False for JS-only listeners, which have nothing to call. */
  backend_fn?: boolean;
  /** False: the endpoint skips the queue. Null: use `enable_queue`. */
  queue?: boolean | null;
  /** What kind of function the listener runs. */
  types?: {
    /** True for a generator function (several outputs per call). */
    generator?: boolean;
    /** True for a listener that only cancels others (see `cancels`). */
    cancel?: boolean;
  };
  /** The ids of the components whose values the function takes, in order. */
  inputs: number[];
  /** The ids of the components the function's results go to, in order. */
  outputs: number[];
  /** The fn indices of the listeners this one cancels when it fires. */
  cancels?: number[];
  /** The listener's connection type; `"stream"` marks a `.stream()` listener (Gradio 5+). */
  connection?: string;
  [key: string]: unknown;
}

/**
 * What a `@gr.render` function returned (`render_config` in its result): the components and
 * listeners it built, which replace those of an earlier run of the same render (`renderId`).
 */
export interface RenderConfig {
  /** The id of the render block (a render function's `render_id`, a listener's `rendered_in`). */
  renderId: number;
  /** The components and layout blocks the render built. */
  components: GradioComponentConfig[];
  /** The event listeners the render built. */
  dependencies: GradioDependencyConfig[];
  /** The layout tree of the rendered block, as the server sent it. */
  layout: unknown;
}

/** The raw `GET {api}/info` body. */
export interface RawApiInfo {
  named_endpoints: Record<string, RawEndpointInfo>;
  unnamed_endpoints: Record<string, RawEndpointInfo>;
}

/** One raw endpoint entry of `/info`. */
export interface RawEndpointInfo {
  parameters: RawParameterInfo[];
  returns: RawReturnInfo[];
  description?: string;
  api_visibility?: string;
  show_api?: boolean;
  /** Recent Gradio 6: set when the function takes a `gr.OAuthToken`. */
  oauth_token?: string;
  [key: string]: unknown;
}

export interface RawParameterInfo {
  label?: string;
  parameter_name?: string | null;
  parameter_has_default?: boolean;
  parameter_default?: unknown;
  type?: unknown;
  python_type?: { type?: string; description?: string };
  component?: string;
  example_input?: unknown;
  description?: string;
  [key: string]: unknown;
}

export interface RawReturnInfo {
  label?: string;
  type?: unknown;
  python_type?: { type?: string; description?: string };
  component?: string;
  [key: string]: unknown;
}
