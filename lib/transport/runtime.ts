/** Whether this runs in Node (where uploads stream through `node:http` and paths can be read). */
export const isNode = (): boolean =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ===
  'string';
