// Jest global setup: starts the real Gradio fixture servers. Plain ESM that loads the TypeScript
// launcher through tsx, because Jest does not run a TypeScript global setup as ESM.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const lifecycle = await tsImport('./fixture-lifecycle.ts', import.meta.url);
  globalThis.__gradioRxFixtures = lifecycle;
  await lifecycle.startFixtures();
}
