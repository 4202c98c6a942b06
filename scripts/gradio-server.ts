/**
 * Starts real Gradio fixture apps (Python) for the specs, the demo and the benchmarks.
 *
 * One Python process serves several apps, each mounted at its own sub-path (spec/fixtures/serve.py).
 * The process gets a free loopback port, is polled until every mounted app answers its config, and
 * exits by itself when our stdin pipe closes, so a killed test runner never leaves it behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One Python process and the apps it mounts: `{ module: mountPath }`, e.g. `{ blocks_app: '/blocks' }`. */
export interface ServerSpec {
  name: string;
  mounts: Record<string, string>;
  /** Extra environment for the Python process. */
  env?: Record<string, string>;
  /** Folders (relative to the repo) with app modules besides spec/fixtures/apps. */
  appsDirs?: string[];
  /** The port to listen on when it is free (else a free one); default: any free port. */
  port?: number;
}

export interface RunningServer {
  name: string;
  port: number;
  /** `http://127.0.0.1:{port}` */
  origin: string;
  /** Each mounted app's URL, by module name. */
  apps: Record<string, string>;
  process: ChildProcess;
  /** What the process printed (for diagnosing a failed start). */
  output: () => string;
}

export function pythonPath(): string {
  const venv = resolve(repoRoot, process.env.GRADIO_RX_VENV ?? '.venv');
  const python =
    process.platform === 'win32'
      ? join(venv, 'Scripts', 'python.exe')
      : join(venv, 'bin', 'python');
  if (!existsSync(python))
    throw new Error(`No Python venv at ${venv}: run "npm run bootstrap" first.`);
  return python;
}

/** A free loopback port: `preferred` when it is free, else any. */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', (error: NodeJS.ErrnoException) =>
      preferred && error.code === 'EADDRINUSE'
        ? freePort().then(resolvePort, reject)
        : reject(error),
    );
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/config`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    // 401 is an answer too: the app is up and wants a login.
    return response.status === 200 || response.status === 401;
  } catch {
    return false;
  }
}

/** Starts one fixture server and resolves once every app it mounts answers; rejects after `timeoutMs`. */
export async function startGradioServer(
  spec: ServerSpec,
  timeoutMs = 180_000,
): Promise<RunningServer> {
  const port = await freePort(spec.port);
  const origin = `http://127.0.0.1:${port}`;
  const args = [join(repoRoot, 'spec/fixtures/serve.py'), '--port', String(port), '--watch-stdin'];
  for (const dir of spec.appsDirs ?? []) args.push('--apps-dir', resolve(repoRoot, dir));
  for (const [module, path] of Object.entries(spec.mounts)) args.push(`${module}=${path}`);
  const child = spawn(pythonPath(), args, {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GRADIO_ANALYTICS_ENABLED: 'False', PYTHONUNBUFFERED: '1', ...spec.env },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const apps = Object.fromEntries(
    Object.entries(spec.mounts).map(([module, path]) => [
      module,
      path === '/' ? origin : `${origin}${path}`,
    ]),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Fixture server "${spec.name}" exited (${child.exitCode}):\n${output}`);
    const ready = await Promise.all(Object.values(apps).map(answers));
    if (ready.every(Boolean)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `Fixture server "${spec.name}" did not answer within ${timeoutMs} ms:\n${output}`,
      );
    }
    await sleep(250);
  }
  return { name: spec.name, port, origin, apps, process: child, output: () => output };
}

/** Stops a server: SIGTERM, then SIGKILL if it lingers. */
export async function stopGradioServer(server: RunningServer): Promise<void> {
  const child = server.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
