/** Sizes in bytes: minified, and minified + gzip -9. */
export interface BundleSizes {
  min: number;
  gzip: number;
}

/** Measures dist/index.browser.min.mjs (rxjs external) and the same with the rxjs it uses bundled in. */
export function measureBundles(): Promise<{ own: BundleSizes; withRxjs: BundleSizes }>;
