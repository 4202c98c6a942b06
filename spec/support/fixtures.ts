import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../../scripts/gradio-server';
import { FIXTURE_ENV } from './fixture-servers';

interface FixtureFile {
  apps: Record<string, string>;
  servers: { name: string; origin: string }[];
}

let cached: FixtureFile | undefined;

function load(): FixtureFile {
  if (cached) return cached;
  const file = process.env[FIXTURE_ENV];
  if (!file) throw new Error(`${FIXTURE_ENV} is not set: the jest global setup did not run.`);
  cached = JSON.parse(readFileSync(file, 'utf8')) as FixtureFile;
  return cached;
}

/** The URL of a running fixture app, by its module name (e.g. `blocks_app`). */
export function appUrl(module: string): string {
  const url = load().apps[module];
  if (!url)
    throw new Error(
      `No running fixture app "${module}"; add it to spec/support/fixture-servers.ts.`,
    );
  return url;
}

/** The origin of the fixture server that serves `module`. */
export function serverOrigin(module: string): string {
  return new URL(appUrl(module)).origin;
}

/** Event-stream connections the fixture server saw for each session hash. */
export async function streamStats(
  module: string,
  sessions: readonly string[],
): Promise<Record<string, { opened: number; open: number; max_open?: number }>> {
  const response = await fetch(
    `${serverOrigin(module)}/__stats/streams?session=${sessions.join(',')}`,
  );
  return (await response.json()) as Record<
    string,
    { opened: number; open: number; max_open?: number }
  >;
}

let tags = 0;

/**
 * A spec's own upload counter: connect with `headers: { 'x-spec-tag': tag }` and read
 * `uploadStats(module, tag)`; the fixture server counts that client's uploads alone, whatever other
 * specs upload to the same app meanwhile.
 */
export function uploadTag(): string {
  tags += 1;
  return `${process.pid}-${tags}-${Date.now()}`;
}

/** What the fixture server counted for uploads carrying `tag` (zeros before the first). */
export async function uploadStats(
  module: string,
  tag: string,
): Promise<{ opened: number; open: number; max_open: number }> {
  const key = `upload-tag:${tag}`;
  const stats = (await streamStats(module, [key]))[key];
  return { opened: stats?.opened ?? 0, open: stats?.open ?? 0, max_open: stats?.max_open ?? 0 };
}

/**
 * The Gradio version the fixture servers run: the pin in the requirements file in use (the compat
 * matrix sets GRADIO_RX_REQUIREMENTS to another Gradio line's).
 */
export function pinnedGradioVersion(): string {
  const file = resolve(
    repoRoot,
    process.env.GRADIO_RX_REQUIREMENTS ?? 'spec/fixtures/requirements.txt',
  );
  const pin = /^gradio==(\S+)/m.exec(readFileSync(file, 'utf8'));
  if (!pin?.[1]) throw new Error(`No gradio== pin in ${file}`);
  return pin[1];
}

/** The major version of the Gradio line under test. */
export const gradioMajor = (): number => Number(pinnedGradioVersion().split('.')[0]);

/** The API prefix of the Gradio line under test: `/gradio_api` since Gradio 5, none before. */
export const apiPrefix = (): string => (gradioMajor() >= 5 ? '/gradio_api' : '');
