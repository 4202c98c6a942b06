// Jest global teardown: stops the fixture servers started by global-setup.mjs.
export default async function globalTeardown() {
  await globalThis.__gradioRxFixtures?.stopFixtures();
}
