import type { EndpointInfo } from '../types/api-info';
import type {
  GradioComponentConfig,
  GradioConfig,
  GradioDependencyConfig,
  RenderConfig,
} from '../types/config';
import { apiNameOf, buildEndpoints, visibilityOf, wholeNumber } from './build-endpoints';
import { isRecord } from './check-json';

const isComponent = (value: unknown): value is GradioComponentConfig =>
  isRecord(value) && typeof value.id === 'number' && typeof value.type === 'string';

const isDependency = (value: unknown): value is GradioDependencyConfig =>
  isRecord(value) && Array.isArray(value.inputs) && Array.isArray(value.outputs);

/**
 * Reads the `render_config` a `@gr.render` function's result carries (`output.render_config`).
 * Null when there is none or it has no whole-number `render_id`; entries that are not components
 * or listeners are dropped rather than trusted.
 */
export function parseRenderConfig(value: unknown): RenderConfig | null {
  if (!isRecord(value)) return null;
  const renderId = wholeNumber(value.render_id);
  if (renderId === null) return null;
  return {
    renderId,
    components: Array.isArray(value.components) ? value.components.filter(isComponent) : [],
    dependencies: Array.isArray(value.dependencies) ? value.dependencies.filter(isDependency) : [],
    layout: value.layout ?? null,
  };
}

/**
 * The endpoints of an app as one session sees it: the app's own (`base`, built from its config and
 * `/info`) and, after them, those its renders built. Each render replaces what an earlier run of the
 * same render built; a rendered listener's inputs may be the app's own components or rendered ones.
 * Rendered endpoints have no `/info` entry, so their parameters are named after component labels.
 */
export function renderedApi(
  config: GradioConfig,
  base: readonly EndpointInfo[],
  renders: ReadonlyMap<number, RenderConfig>,
): EndpointInfo[] {
  if (renders.size === 0) return [...base];
  const components = new Map(config.components.map((c) => [c.id, c]));
  const dependencies: GradioDependencyConfig[] = [];
  for (const render of renders.values()) {
    for (const component of render.components) components.set(component.id, component);
    for (const dep of render.dependencies) {
      if (typeof dep.id === 'number')
        dependencies.push({ ...dep, rendered_in: dep.rendered_in ?? render.renderId });
    }
  }
  const rendered = buildEndpoints(
    { ...config, components: [...components.values()], dependencies },
    null,
  );
  const renderedIds = new Set(rendered.map((e) => e.fnIndex));
  return [...base.filter((e) => !renderedIds.has(e.fnIndex)), ...rendered];
}

/** The API names of the endpoints a render built (those that can be called by name). */
export const renderedNames = (render: RenderConfig): string[] =>
  render.dependencies.flatMap((d) => {
    const name = apiNameOf(d);
    return name && visibilityOf(d) !== 'private' ? [name] : [];
  });
