import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../scripts/gradio-server';

/** Every module `file` imports or re-exports, types included (`import type`, `import('...')`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
}

/** The imports of the folder's modules that break its layer's rule. */
function violations(folder: string, forbidden: RegExp): string[] {
  const dir = join(repoRoot, 'lib', folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) =>
      importsOf(join(dir, name))
        .filter((spec) => forbidden.test(spec))
        .map((spec) => `lib/${folder}/${name} imports ${spec}`),
    );
}

describe('layering (README: Layout)', () => {
  it('lib/protocol is pure: no client, transport, operators, pipelines, no rxjs, no I/O', () => {
    expect(
      violations(
        'protocol',
        /^\.\.\/(client|transport|operators|pipelines|cli|codegen)\/|^rxjs|^node:/,
      ),
    ).toEqual([]);
  });

  it('lib/types reaches no client, transport, operators or pipelines, not even by type', () => {
    expect(
      violations('types', /^\.\.\/(client|transport|operators|pipelines|cli|codegen)\/|^node:/),
    ).toEqual([]);
  });

  it('sees the imports it checks', () => {
    expect(importsOf(join(repoRoot, 'lib/types/events.ts'))).toContain('./space');
  });
});
