import type {
  EndpointInfo,
  EndpointVisibility,
  InputSlot,
  JsonSchema,
  OutputSlot,
  ParameterInfo,
  ReturnInfo,
  StreamInfo,
} from '../types/api-info';
import type {
  GradioComponentConfig,
  GradioConfig,
  GradioDependencyConfig,
  RawApiInfo,
  RawParameterInfo,
  RawReturnInfo,
} from '../types/config';

const VISIBILITIES: ReadonlySet<string> = new Set(['public', 'undocumented', 'private']);

/** Maps Gradio 6 `api_visibility` and the older `api_name: false` / `show_api: false` flags. */
export function visibilityOf(dep: GradioDependencyConfig): EndpointVisibility {
  if (typeof dep.api_visibility === 'string' && VISIBILITIES.has(dep.api_visibility)) {
    return dep.api_visibility as EndpointVisibility;
  }
  if (dep.api_name === false) return 'private';
  if (dep.show_api === false) return 'undocumented';
  return 'public';
}

/** A listener's API name with its leading slash (`'/predict'`), or null when it has none. */
export const apiNameOf = (dep: GradioDependencyConfig): string | null =>
  typeof dep.api_name === 'string' && dep.api_name ? `/${dep.api_name.replace(/^\/+/, '')}` : null;

const isHidden = (component: GradioComponentConfig | undefined): boolean =>
  component === undefined || component.skip_api === true || component.type === 'state';

function slotsOf<S>(
  ids: number[],
  components: Map<number, GradioComponentConfig>,
  make: (i: number) => S,
  hidden: S,
): S[] {
  let next = 0;
  return ids.map((id) => (isHidden(components.get(id)) ? hidden : make(next++)));
}

const asSchema = (value: unknown): JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {};

const componentName = (component: GradioComponentConfig | undefined): string => {
  const type = component?.type ?? 'component';
  return type.charAt(0).toUpperCase() + type.slice(1);
};

const labelOf = (component: GradioComponentConfig | undefined): string | undefined => {
  const label = component?.props?.label;
  return typeof label === 'string' && label ? label : undefined;
};

function parameterFromInfo(raw: RawParameterInfo, position: number): ParameterInfo {
  const label = raw.label ?? `input ${position}`;
  return {
    name: raw.parameter_name ?? label,
    label,
    type: asSchema(raw.type),
    pythonType: raw.python_type?.type ?? 'Any',
    component: raw.component ?? 'Component',
    hasDefault: raw.parameter_has_default === true,
    default: raw.parameter_has_default === true ? raw.parameter_default : undefined,
    example: raw.example_input,
    description: raw.description ?? raw.python_type?.description ?? '',
  };
}

/** A keyword for a parameter without an `/info` name: its component's label, as an identifier. */
const parameterNameOf = (component: GradioComponentConfig | undefined, position: number): string =>
  (labelOf(component) ?? '')
    .replace(/\W+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase() || `input_${position}`;

/** Without an `/info` entry (private endpoints, older servers) the config still names the inputs. */
function parameterFromComponent(
  component: GradioComponentConfig | undefined,
  position: number,
): ParameterInfo {
  return {
    name: parameterNameOf(component, position),
    label: labelOf(component) ?? `input_${position}`,
    type: {},
    pythonType: 'Any',
    component: componentName(component),
    hasDefault: false,
    default: undefined,
    example: undefined,
    description: '',
  };
}

function returnFromInfo(raw: RawReturnInfo, position: number): ReturnInfo {
  return {
    label: raw.label ?? `output ${position}`,
    type: asSchema(raw.type),
    pythonType: raw.python_type?.type ?? 'Any',
    component: raw.component ?? 'Component',
    description: raw.python_type?.description ?? '',
  };
}

function returnFromComponent(
  component: GradioComponentConfig | undefined,
  position: number,
): ReturnInfo {
  return {
    label: labelOf(component) ?? `output ${position}`,
    type: {},
    pythonType: 'Any',
    component: componentName(component),
    description: '',
  };
}

/** A whole number >= 0 (an id), or null. */
export const wholeNumber = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

const LAYOUT_TYPES: ReadonlySet<string> = new Set(['column', 'row']);

/**
 * Whether a listener is a `@gr.render` function. Gradio 5+ says so (`render_id`); Gradio 4 does
 * not, but gives every render function the same shape: named `apply` (`apply_1`, ...) after its
 * wrapper, hidden from the API page, and writing only to the render's column or row.
 */
function looksLikeGradio4Render(
  dep: GradioDependencyConfig,
  components: Map<number, GradioComponentConfig>,
): boolean {
  const output = dep.outputs.length === 1 ? components.get(dep.outputs[0] as number) : undefined;
  return (
    dep.render_id === undefined &&
    typeof dep.api_name === 'string' &&
    /^apply(_\d+)?$/.test(dep.api_name) &&
    dep.show_api === false &&
    output !== undefined &&
    LAYOUT_TYPES.has(output.type)
  );
}

const seconds = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;

/**
 * A `.stream()` listener (`connection: "stream"`, Gradio 5+): its streaming parameters are the
 * inputs whose component is one of its `[id, "stream"]` targets.
 */
function streamOf(
  dep: GradioDependencyConfig,
  inputIds: number[],
  parameters: ParameterInfo[],
): StreamInfo | null {
  if (dep.connection !== 'stream') return null;
  const targets = new Set(
    (Array.isArray(dep.targets) ? (dep.targets as unknown[]) : []).flatMap((target) =>
      Array.isArray(target) && target[1] === 'stream' && typeof target[0] === 'number'
        ? [target[0]]
        : [],
    ),
  );
  return {
    parameters: inputIds.flatMap((id, i) =>
      targets.has(id) && parameters[i] ? [parameters[i].name] : [],
    ),
    every: seconds(dep.stream_every),
    timeLimit: seconds(dep.time_limit),
  };
}

/** Builds an entry from `/info` when its shape fits the wire layout, else from the config alone. */
function pick<R, T>(
  infoItems: R[] | undefined,
  visibleIds: number[],
  components: Map<number, GradioComponentConfig>,
  fromInfo: (raw: R, i: number) => T,
  fromComponent: (c: GradioComponentConfig | undefined, i: number) => T,
): T[] {
  if (infoItems && infoItems.length === visibleIds.length) return infoItems.map(fromInfo);
  return visibleIds.map((id, i) => fromComponent(components.get(id), i));
}

/**
 * Combines the app config with its `/info` API description into one {@link EndpointInfo} per
 * callable dependency (private ones included, so they can be refused by name). `info` may be null
 * when the server did not provide it; parameters are then named after the components' labels.
 */
export function buildEndpoints(config: GradioConfig, info: RawApiInfo | null): EndpointInfo[] {
  const components = new Map(config.components.map((c) => [c.id, c]));
  const endpoints: EndpointInfo[] = [];
  // Gradio 4 numbers its renders in the order they were made, which is their listeners' order.
  let gradio4Renders = 0;
  config.dependencies.forEach((dep, position) => {
    if (dep.backend_fn === false) return;
    const fnIndex = typeof dep.id === 'number' ? dep.id : position;
    const name = apiNameOf(dep);
    const raw = name ? info?.named_endpoints?.[name] : info?.unnamed_endpoints?.[String(fnIndex)];
    const visibleInputs = dep.inputs.filter((id) => !isHidden(components.get(id)));
    const visibleOutputs = dep.outputs.filter((id) => !isHidden(components.get(id)));
    const renderId = looksLikeGradio4Render(dep, components)
      ? gradio4Renders++
      : wholeNumber(dep.render_id);
    const described = pick(
      raw?.parameters,
      visibleInputs,
      components,
      parameterFromInfo,
      parameterFromComponent,
    );
    // A render function's /info names are its wrapper's (`param_0`, ...): name them after the
    // components, as the rendered endpoints are.
    const parameters =
      renderId === null
        ? described
        : described.map((p, i) => ({
            ...p,
            name: parameterNameOf(components.get(visibleInputs[i] as number), i),
          }));
    endpoints.push({
      name,
      fnIndex,
      visibility: visibilityOf(dep),
      description: typeof raw?.description === 'string' ? raw.description : '',
      parameters,
      returns: pick(raw?.returns, visibleOutputs, components, returnFromInfo, returnFromComponent),
      generator: dep.types?.generator === true,
      queued: dep.queue === false ? false : dep.queue === true || config.enable_queue !== false,
      inputSlots: slotsOf<InputSlot>(
        dep.inputs,
        components,
        (index) => ({ kind: 'param', index }),
        { kind: 'state' },
      ),
      outputSlots: slotsOf<OutputSlot>(
        dep.outputs,
        components,
        (index) => ({ kind: 'return', index }),
        { kind: 'state' },
      ),
      stream: streamOf(dep, visibleInputs, parameters),
      renderId,
      renderedIn: wholeNumber(dep.rendered_in),
      oauthToken:
        raw?.oauth_token === 'required' || raw?.oauth_token === 'optional' ? raw.oauth_token : null,
    });
  });
  return endpoints;
}
