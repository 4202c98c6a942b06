import type { JsonSchema } from '../types/api-info';

const MAX_DEPTH = 6;

const asSchema = (value: unknown): JsonSchema | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonSchema)
    : null;

const literal = (value: unknown): string => JSON.stringify(value) ?? 'unknown';

const union = (parts: string[]): string => {
  const unique = [...new Set(parts)];
  return unique.length === 0 ? 'unknown' : unique.join(' | ');
};

const propertyKey = (key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);

/**
 * Renders the JSON Schema fragment of a parameter or return value as a TypeScript type expression
 * (`string`, `number`, `"a" | "b"`, `{ path: string; url?: string }`, `string[]`, ...). Unknown or
 * open shapes become `unknown`. Used by the text API view and by the type generator.
 */
export function schemaToTs(schema: JsonSchema | null | undefined, depth = 0): string {
  if (!schema || depth > MAX_DEPTH) return 'unknown';
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options))
      return union(options.map((o) => schemaToTs(asSchema(o), depth + 1)));
  }
  const type = schema.type;
  if (Array.isArray(type))
    return union(type.map((t) => schemaToTs({ ...schema, type: t }, depth + 1)));
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
      if (Array.isArray(schema.items)) {
        return `[${schema.items.map((item) => schemaToTs(asSchema(item), depth + 1)).join(', ')}]`;
      }
      const item = schemaToTs(asSchema(schema.items), depth + 1);
      return item.includes(' ') ? `Array<${item}>` : `${item}[]`;
    }
    case 'object': {
      const properties = asSchema(schema.properties);
      if (!properties || Object.keys(properties).length === 0) {
        const extra = asSchema(schema.additionalProperties);
        return extra
          ? `Record<string, ${schemaToTs(extra, depth + 1)}>`
          : 'Record<string, unknown>';
      }
      const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
      const fields = Object.entries(properties).map(
        ([key, value]) =>
          `${propertyKey(key)}${required.has(key) ? '' : '?'}: ${schemaToTs(asSchema(value), depth + 1)}`,
      );
      return `{ ${fields.join('; ')} }`;
    }
    default:
      return 'unknown';
  }
}
