import type { JsonSchema } from '../types/api-info';

const MAX_DEPTH = 8;

/** How to render a schema: the `$defs` of the root schema, and what to call file objects. */
export interface SchemaRenderContext {
  defs?: Record<string, unknown>;
  /** Type expression for a Gradio file object (e.g. "FileData", or "FileInput | FileData" for inputs). */
  fileType?: string;
}

const asSchema = (value: unknown): JsonSchema | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonSchema)
    : null;

const literal = (value: unknown): string => JSON.stringify(value) ?? 'unknown';

const union = (parts: string[]): string => {
  const unique = [...new Set(parts)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 0 ? 'unknown' : unique.join(' | ');
};

/** A JavaScript identifier: written bare as a name or a property key. */
export const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `key` as a property key in source code: bare when it is an identifier, else quoted. */
export const propertyKey = (key: string): string =>
  IDENTIFIER.test(key) ? key : JSON.stringify(key);

/** Gradio file objects: FileData and its relatives (ImageData, ...) have `path` and `meta`/`url`. */
function isFileObject(schema: JsonSchema): boolean {
  const title = typeof schema.title === 'string' ? schema.title : '';
  if (/^(FileData|ImageData|VideoData|AudioData)$/.test(title)) return true;
  const properties = asSchema(schema.properties);
  if (!properties || !('path' in properties)) return false;
  if ('meta' in properties) return true;
  return 'url' in properties && 'orig_name' in properties;
}

/**
 * Renders the JSON Schema fragment of a parameter or return value as a TypeScript type expression
 * (`string`, `number`, `"a" | "b"`, `{ path: string; url?: string }`, `string[]`, ...). Local
 * `$ref`s (`#/$defs/X`) are resolved; Gradio file objects become `context.fileType` when given.
 * Unknown or open shapes become `unknown`. Used by the text API view and the type generator.
 */
export function schemaToTs(
  schema: JsonSchema | null | undefined,
  depth = 0,
  context: SchemaRenderContext = {},
): string {
  if (!schema || depth > MAX_DEPTH) return 'unknown';
  const ctx: SchemaRenderContext = {
    ...context,
    defs: context.defs ?? (asSchema(schema.$defs) as Record<string, unknown> | null) ?? undefined,
  };
  const next = (value: unknown): string => schemaToTs(asSchema(value), depth + 1, ctx);
  if (typeof schema.$ref === 'string') {
    const match = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
    const target = match ? asSchema(ctx.defs?.[match[1] as string]) : null;
    return target ? schemaToTs(target, depth + 1, ctx) : 'unknown';
  }
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return union(options.map(next));
  }
  if (ctx.fileType && isFileObject(schema)) return ctx.fileType;
  const type = schema.type;
  if (Array.isArray(type))
    return union(type.map((t) => schemaToTs({ ...schema, type: t }, depth + 1, ctx)));
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      if (Array.isArray(schema.items)) return `[${schema.items.map(next).join(', ')}]`;
      const item = next(schema.items);
      return item.includes(' ') ? `Array<${item}>` : `${item}[]`;
    }
    case 'object': {
      const properties = asSchema(schema.properties);
      if (!properties || Object.keys(properties).length === 0) {
        const extra = asSchema(schema.additionalProperties);
        return extra ? `Record<string, ${next(extra)}>` : 'Record<string, unknown>';
      }
      const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
      const fields = Object.entries(properties).map(
        ([key, value]) => `${propertyKey(key)}${required.has(key) ? '' : '?'}: ${next(value)}`,
      );
      return `{ ${fields.join('; ')} }`;
    }
    default:
      return 'unknown';
  }
}
