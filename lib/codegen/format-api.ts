import type { ApiView, EndpointInfo, ParameterInfo, StreamInfo } from '../types/api-info';
import { propertyKey, schemaToTs } from './schema-to-ts';

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  if (text === undefined) return 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function exampleCall(ref: string, parameters: ParameterInfo[]): string {
  if (parameters.length === 0) return `client.predict$(${ref}, [])`;
  const fields = parameters.map((p) => {
    const value = p.hasDefault ? p.default : p.example;
    return `${propertyKey(p.name)}: ${show(value ?? null)}`;
  });
  return `client.predict$(${ref}, { ${fields.join(', ')} })`;
}

function streamNote(stream: StreamInfo): string {
  const every = stream.every === null ? '' : `; the app's UI sends a chunk every ${stream.every} s`;
  const limit =
    stream.timeLimit === null ? '' : `; the server ends a stream after ${stream.timeLimit} s`;
  return `Stream endpoint: pass an Observable for ${stream.parameters.join(', ')}, one chunk per value${every}${limit}.`;
}

function formatEndpoint(endpoint: EndpointInfo): string[] {
  const ref = endpoint.name ? `'${endpoint.name}'` : String(endpoint.fnIndex);
  const title = `${endpoint.name ?? `fn index ${endpoint.fnIndex}`}${endpoint.generator ? '  (generator: one data event per update)' : ''}${
    endpoint.visibility === 'undocumented' ? '  (undocumented)' : ''
  }`;
  const lines = [title];
  if (endpoint.stream) lines.push(`  ${streamNote(endpoint.stream)}`);
  if (endpoint.renderId !== null)
    lines.push(
      `  Render function: calling it builds this block's endpoints in the client's session (a 'render' event), replacing those of its last call.`,
    );
  if (endpoint.renderedIn !== null)
    lines.push(
      `  Rendered at run time (render ${endpoint.renderedIn}): callable in this client's session until that render runs again or the session is reset.`,
    );
  if (endpoint.oauthToken !== null)
    lines.push(
      `  Takes a gr.OAuthToken (${endpoint.oauthToken}): pass the user's token as oauthToken (connect$ or the call's options).`,
    );
  if (endpoint.description) lines.push(`  ${endpoint.description}`);
  lines.push(`  ${exampleCall(ref, endpoint.parameters)}`);
  lines.push(endpoint.parameters.length ? '  Parameters:' : '  Parameters: none');
  for (const p of endpoint.parameters) {
    const need = p.hasDefault ? `default ${show(p.default)}` : 'required';
    const type = schemaToTs(p.type);
    const streams = endpoint.stream?.parameters.includes(p.name) ?? false;
    lines.push(
      `    ${p.name}: ${streams ? `${type} | Observable<${type}>` : type}  (${p.component}, ${need}${streams ? ', streams' : ''})${p.description ? ` ${p.description}` : ''}`,
    );
  }
  lines.push(endpoint.returns.length ? '  Returns, in order:' : '  Returns: nothing');
  endpoint.returns.forEach((r, i) =>
    lines.push(`    [${i}] ${r.label}: ${schemaToTs(r.type)}  (${r.component})`),
  );
  return lines;
}

/**
 * A readable description of an app's API, like Gradio's "View API" page, written for gradio-rx
 * users: each endpoint with a call they can paste, its parameters (type, component, default) and
 * what it returns. A function of its own rather than an option of `viewApi()`, so the apps that
 * never print it do not download it (with a bundler).
 *
 * @example
 * ```ts
 * console.log(formatApi(client.viewApi()));
 * console.log(formatApi(client.viewApi({ all: true }))); // undocumented endpoints too
 * ```
 */
export function formatApi(view: ApiView): string {
  const endpoints = [
    ...Object.values(view.namedEndpoints),
    ...Object.values(view.unnamedEndpoints),
  ];
  const header = `API of ${view.url} (Gradio ${view.version}): ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'}`;
  const blocks = endpoints.map((e) => formatEndpoint(e).join('\n'));
  return [header, ...blocks].join('\n\n') + '\n';
}
