// `npm run test:compat [-- gradio5 gradio4]`: runs the integration specs against older Gradio lines,
// each in its own venv (created by the bootstrap on first use from spec/fixtures/requirements-<line>.txt).
// The default suite (`npm test`) runs against the pinned Gradio 6 in .venv.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LINES = {
  gradio5: 'spec/fixtures/requirements-gradio5.txt',
  gradio4: 'spec/fixtures/requirements-gradio4.txt',
};
const picked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const lines = picked.length ? picked : Object.keys(LINES);
let failed = 0;
for (const line of lines) {
  const requirements = LINES[line];
  if (!requirements) {
    console.error(`[compat] unknown line "${line}"; known: ${Object.keys(LINES).join(', ')}`);
    process.exit(2);
  }
  const env = {
    ...process.env,
    GRADIO_RX_VENV: `.venv-${line}`,
    GRADIO_RX_REQUIREMENTS: requirements,
    GRADIO_RX_SKIP_BROWSER: '1',
    NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning',
  };
  console.log(`[compat] ${line}: bootstrap`);
  const boot = spawnSync(process.execPath, ['scripts/bootstrap.mjs'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (boot.status !== 0) process.exit(boot.status ?? 1);
  console.log(`[compat] ${line}: integration specs`);
  const jest = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', 'spec/integration'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (jest.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
