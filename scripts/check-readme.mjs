#!/usr/bin/env node
// `npm run check:readme`: every ```ts block of README.md is code. Each block is written out as its
// own module and the lot is type-checked with tsc --strict against the built package (`gradio-rx`
// resolves to this repository's package.json exports, i.e. dist/), the way a user's project would
// see it. A block must be self-contained: its imports and everything it uses. Errors are reported
// at their README line. The README's import map must be the example page's (browser spec).
// Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.cache', 'readme-snippets');

/** The README's ```ts blocks: their code and the README line of their first code line. */
export function tsBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  let current = null;
  lines.forEach((line, i) => {
    if (current === null && /^```ts\s*$/.test(line)) current = { line: i + 2, code: [] };
    else if (current !== null && /^```\s*$/.test(line)) {
      blocks.push({ line: current.line, code: current.code.join('\n') });
      current = null;
    } else if (current !== null) current.code.push(line);
  });
  return blocks;
}

/** The `imports` of the first `<script type="importmap">` in `text`, and its line; null when none. */
export function importMapOf(text) {
  const match = /<script type="importmap">([\s\S]*?)<\/script>/.exec(text);
  if (!match) return null;
  return {
    imports: JSON.parse(match[1]).imports,
    line: text.slice(0, match.index).split('\n').length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  // The README's import map is the example page's, which the browser spec loads (and checks
  // against package.json's version): a release that bumps one and not the other fails here.
  const shown = importMapOf(readme);
  const tested = importMapOf(readFileSync(join(root, 'examples', 'browser', 'index.html'), 'utf8'));
  if (!tested) {
    console.error('examples/browser/index.html has no import map: the browser spec needs one.');
    process.exit(1);
  }
  if (!shown || JSON.stringify(shown.imports) !== JSON.stringify(tested.imports)) {
    console.error(
      `README.md:${shown?.line ?? 1} its import map is not the one of examples/browser/index.html (the page the browser spec runs): copy it from there.`,
    );
    process.exit(1);
  }
  if (!existsSync(join(root, 'dist', 'index.d.ts'))) {
    console.error('[readme] dist/index.d.ts is missing: run "npm run build" first.');
    process.exit(2);
  }
  const blocks = tsBlocks(readme);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  // `import ... from 'gradio-rx'` finds this package, through its exports map, as an installed one.
  symlinkSync(root, join(work, 'node_modules', 'gradio-rx'), 'dir');
  const files = blocks.map((block, i) => {
    const name = `block-${String(i + 1).padStart(2, '0')}.ts`;
    writeFileSync(join(work, name), `${block.code}\n`);
    return { name, ...block };
  });
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          typeRoots: [join(root, 'node_modules', '@types')],
          isolatedModules: true,
          // Each block is a module of its own (top-level await, no shared globals).
          moduleDetection: 'force',
          skipLibCheck: true,
        },
        include: ['*.ts'],
      },
      null,
      2,
    ),
  );
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', work, '--pretty', 'false'],
    { cwd: work, encoding: 'utf8' },
  );
  const byName = new Map(files.map((f) => [f.name, f]));
  const report = `${tsc.stdout}${tsc.stderr}`
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const match = /^(block-\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
      const file = match && byName.get(match[1]);
      return file ? `README.md:${file.line + Number(match[2]) - 1}:${match[3]} ${match[4]}` : line;
    });
  if (tsc.status !== 0) {
    console.error(report.join('\n'));
    console.error(`[readme] ${files.length} TypeScript blocks: the errors above.`);
    process.exit(1);
  }
  console.log(`[readme] ${files.length} TypeScript blocks type-check (strict, against dist/).`);
}
