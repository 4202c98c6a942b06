#!/usr/bin/env node
// Brings a fresh clone to a runnable state, using only Node built-ins:
//   1. node_modules, via `npm ci`: exactly the committed package-lock.json (which lists every
//      platform's optional binaries), so a fresh clone's tree stays clean.
//   2. a Python virtual environment with the pinned gradio + gradio_client (spec/fixtures/requirements.txt).
//   3. ffmpeg and ffprobe for the streaming-media fixtures, in <venv>/media-bin (spec/fixtures/serve.py
//      puts that folder on the servers' PATH): the ones on PATH if there are, else the venv's pinned
//      imageio-ffmpeg binary and the pinned ffprobe-static package's binary (fetched with npm pack).
//   4. Chromium for the browser spec.
// `--demo` does steps 1 and 2 only: the demo needs neither media tools nor a browser.
// Each step records a fingerprint of its inputs, so a re-run with nothing changed is a fast no-op.
//
// Environment:
//   GRADIO_RX_VENV          venv folder (default .venv); the compat matrix uses one per Gradio line
//   GRADIO_RX_REQUIREMENTS  requirements file (default spec/fixtures/requirements.txt)
//   GRADIO_RX_PYTHON        the Python used to create the venv (default python3, then python)
//   GRADIO_RX_SKIP_PYTHON=1 skip the Python step (for lint/typecheck/build-only runs)
//   GRADIO_RX_SKIP_BROWSER=1 skip installing Chromium (the browser spec then fails, saying why)
//   GRADIO_RX_SKIP_MEDIA=1   skip the media tools (the streaming-media specs then fail, saying why)
//   CHROMIUM_PATH            a Chromium to use instead of Debian's /usr/bin/chromium
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.gradio-rx-bootstrap';

function fingerprint(...files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(existsSync(file) ? readFileSync(file) : '');
  return hash.digest('hex');
}

function isCurrent(stampFile, print) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === print;
}

function run(command, args, what) {
  console.error(`[bootstrap] ${what}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    console.error(`[bootstrap] ${what} failed (${reason}).`);
    process.exit(1);
  }
}

function ensureNodeModules() {
  const print = fingerprint(join(root, 'package.json'), join(root, 'package-lock.json'));
  const stamp = join(root, 'node_modules', STAMP);
  if (isCurrent(stamp, print)) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['ci', '--no-audit', '--no-fund'], 'installing node modules');
  writeFileSync(stamp, print);
}

function findPython() {
  const candidates = [process.env.GRADIO_RX_PYTHON, 'python3', 'python'].filter(Boolean);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import sys; assert sys.version_info >= (3, 10)']);
    if (!probe.error && probe.status === 0) return candidate;
  }
  console.error(
    '[bootstrap] Python >= 3.10 is needed for the Gradio test servers; set GRADIO_RX_PYTHON.',
  );
  process.exit(1);
}

export function venvPython(venv) {
  return process.platform === 'win32'
    ? join(venv, 'Scripts', 'python.exe')
    : join(venv, 'bin', 'python');
}

const venvDir = () => resolve(root, process.env.GRADIO_RX_VENV ?? '.venv');

function ensureVenv() {
  const venv = venvDir();
  const requirements = resolve(
    root,
    process.env.GRADIO_RX_REQUIREMENTS ?? 'spec/fixtures/requirements.txt',
  );
  const print = fingerprint(requirements);
  const stamp = join(venv, STAMP);
  if (isCurrent(stamp, print) && existsSync(venvPython(venv))) return;
  if (!existsSync(venvPython(venv)))
    run(findPython(), ['-m', 'venv', venv], 'creating Python venv');
  const python = venvPython(venv);
  run(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements],
    'installing pinned Gradio',
  );
  writeFileSync(stamp, print);
}

const FFPROBE_PACKAGE = 'ffprobe-static@3.1.0';

/** The path of `name` on PATH, or null. */
function onPath(name) {
  const probe = spawnSync(process.platform === 'win32' ? 'where' : 'which', [name], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.split(/\r?\n/)[0].trim() || null : null;
}

function capture(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    console.error(`[bootstrap] ${what} failed:\n${result.stderr ?? result.error?.message}`);
    process.exit(1);
  }
  return result.stdout.trim();
}

/** ffmpeg and ffprobe for the streaming-media fixtures, in <venv>/media-bin. */
function ensureMediaTools() {
  const venv = venvDir();
  const bin = join(venv, 'media-bin');
  const exe = process.platform === 'win32' ? '.exe' : '';
  mkdirSync(bin, { recursive: true });
  const ffmpeg = join(bin, `ffmpeg${exe}`);
  if (!existsSync(ffmpeg)) {
    const found =
      onPath('ffmpeg') ??
      capture(
        venvPython(venv),
        ['-c', 'import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())'],
        'finding the pinned imageio-ffmpeg binary',
      );
    console.error(`[bootstrap] ffmpeg for the media fixtures: ${found}`);
    symlinkSync(found, ffmpeg);
  }
  const ffprobe = join(bin, `ffprobe${exe}`);
  if (existsSync(ffprobe)) return;
  const found = onPath('ffprobe');
  if (found) {
    symlinkSync(found, ffprobe);
    return;
  }
  // ffprobe-static carries release builds for each platform (the git builds of the
  // @ffprobe-installer packages crash on `-show_format`, which Gradio's video streaming runs).
  const work = mkdtempSync(join(tmpdir(), 'gradio-rx-ffprobe-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    console.error(
      `[bootstrap] fetching ffprobe for the media fixtures: npm pack ${FFPROBE_PACKAGE}`,
    );
    const tarball = capture(
      npm,
      ['pack', FFPROBE_PACKAGE, '--silent', '--pack-destination', work],
      'npm pack',
    )
      .split(/\r?\n/)
      .at(-1);
    const inside = `package/bin/${process.platform}/${process.arch}/ffprobe${exe}`;
    capture('tar', ['-xzf', join(work, tarball), '-C', work, inside], 'unpacking ffprobe');
    copyFileSync(join(work, inside), ffprobe);
    chmodSync(ffprobe, 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Debian's Chromium for the browser spec, installed with apt when missing and we are root. */
function ensureChromium() {
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return;
  const aptAvailable = spawnSync('apt-get', ['--version']).status === 0;
  if (process.getuid?.() !== 0 || !aptAvailable) {
    console.error(
      '[bootstrap] No Chromium found and cannot apt-get it here: install Debian\'s "chromium" or set CHROMIUM_PATH for the browser spec.',
    );
    return;
  }
  run('apt-get', ['update', '-qq'], 'updating apt');
  run(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
    'installing Chromium',
  );
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bootstrap.mjs')) {
  const demo = process.argv.includes('--demo');
  ensureNodeModules();
  const python = process.env.GRADIO_RX_SKIP_PYTHON !== '1';
  if (python) ensureVenv();
  if (python && !demo && process.env.GRADIO_RX_SKIP_MEDIA !== '1') ensureMediaTools();
  if (!demo && process.env.GRADIO_RX_SKIP_BROWSER !== '1') ensureChromium();
}
