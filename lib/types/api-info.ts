import type { AppPage } from '../protocol/app-pages';

/** A JSON Schema fragment, as the app describes a value's type. */
export type JsonSchema = { [key: string]: unknown };

/**
 * Who may see and call an endpoint: `public` (documented), `undocumented` (hidden from the API
 * page but callable), `private` (the app reserves it for its UI; gradio-rx refuses to call it).
 */
export type EndpointVisibility = 'public' | 'undocumented' | 'private';

/** One parameter of an endpoint, in call order. */
export interface ParameterInfo {
  /** The keyword to use in a named payload (`{ name: 'Ada' }`). */
  name: string;
  /** The component's label in the UI. */
  label: string;
  /** JSON Schema of the value to send. */
  type: JsonSchema;
  /** The Python type hint, e.g. `"str"`, `"float"`, `"filepath"`. */
  pythonType: string;
  /** The input component, e.g. `"Textbox"`. */
  component: string;
  /** Whether the parameter may be left out of a named payload. */
  hasDefault: boolean;
  /** The value used when it is left out (only meaningful when `hasDefault`). */
  default: unknown;
  /** A value the app suggests as an example. */
  example: unknown;
  /** The app's description of the parameter, if any. */
  description: string;
}

/** One value an endpoint returns, in order. */
export interface ReturnInfo {
  /** The component's label in the UI. */
  label: string;
  /** JSON Schema of the value the app returns. */
  type: JsonSchema;
  /** The Python type hint, e.g. `"str"`, `"float"`, `"filepath"`. */
  pythonType: string;
  /** The output component, e.g. `"Image"`. */
  component: string;
  /** The app's description of the value, if any. */
  description: string;
}

/**
 * Where each of the dependency's wire slots comes from. `param` slots take the user's value at
 * `index`; `state` slots are session state that the server fills in (sent as null).
 */
export type InputSlot =
  | {
      /** Discriminant: a slot filled from the user's payload. */
      kind: 'param';
      /** The parameter's position in `parameters`. */
      index: number;
    }
  | {
      /** Discriminant: a session-state slot, sent as null. */
      kind: 'state';
    };

/** Each wire output: a value for the user (`index` into `returns`) or hidden session state. */
export type OutputSlot =
  | {
      /** Discriminant: a value returned to the user. */
      kind: 'return';
      /** The value's position in `returns`. */
      index: number;
    }
  | {
      /** Discriminant: session state, left out of the outputs. */
      kind: 'state';
    };

/**
 * How a stream endpoint (a `.stream()` listener, Gradio 5+) takes its input: one job fed chunk by
 * chunk. Pass an Observable for a streaming parameter; see the README's Realtime section.
 */
export interface StreamInfo {
  /** The names of the parameters whose component streams (each chunk replaces their value). */
  parameters: string[];
  /** How often the app's own UI sends a chunk (s), or null. */
  every: number | null;
  /** How long the server lets one stream run (s), or null for its default (30 s without a chunk). */
  timeLimit: number | null;
}

/** Everything gradio-rx knows about one callable endpoint. */
export interface EndpointInfo {
  /** `'/name'`, or null when the endpoint has no API name (call it by `fnIndex`). */
  name: string | null;
  /** The function index used on the wire. */
  fnIndex: number;
  /** Who may see and call it (see {@link EndpointVisibility}). */
  visibility: EndpointVisibility;
  /** The app's description of the endpoint, or empty when it gives none. */
  description: string;
  /** Its parameters in call order (session state left out). */
  parameters: ParameterInfo[];
  /** The values it returns, in order (session state left out). */
  returns: ReturnInfo[];
  /** True for generator functions: expect several data events. */
  generator: boolean;
  /** False when the endpoint skips the queue (no queue position, no progress). */
  queued: boolean;
  /** Wire layout of the inputs (one per dependency input). */
  inputSlots: InputSlot[];
  /** Wire layout of the outputs (one per dependency output). */
  outputSlots: OutputSlot[];
  /** For stream endpoints, how they take chunks; null for every other endpoint. */
  stream: StreamInfo | null;
  /**
   * For a `@gr.render` function, the id of the block it builds: calling it (re)creates that
   * block's endpoints in the client's session (a `render` event). Null for other endpoints.
   */
  renderId: number | null;
  /**
   * For an endpoint a render created at run time, the id of that render; it is callable in the
   * session that rendered it until the next render of the same block. Null for the app's own.
   */
  renderedIn: number | null;
  /**
   * Whether the function takes a `gr.OAuthToken`: `'required'`, `'optional'` (`gr.OAuthToken |
   * None`), or null (it takes none, or the server does not say: before recent Gradio 6). Give one
   * with the `oauthToken` option.
   */
  oauthToken: 'required' | 'optional' | null;
}

/** The API description returned by `client.viewApi()`. */
export interface ApiView {
  /** The app's base URL (what requests go to). */
  url: string;
  /** Gradio version of the server. */
  version: string;
  /**
   * A multipage app's pages (`demo.route(...)`, Gradio 5+), home (`''`) first; empty for a
   * single-page app.
   */
  pages: AppPage[];
  /**
   * The page the client was connected to (a page URL, or the `page` option): the endpoints are
   * that page's. Null: the whole app's.
   */
  page: string | null;
  /** Endpoints by name (`'/predict'`), in the app's order. */
  namedEndpoints: Record<string, EndpointInfo>;
  /** Endpoints without an API name, by fn index. */
  unnamedEndpoints: Record<number, EndpointInfo>;
}
