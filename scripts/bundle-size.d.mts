/** Sizes in bytes: minified, and minified + gzip -9. */
export interface BundleSizes {
  min: number;
  gzip: number;
}

/** Bundles an entry module's code with its dependencies, minified (es2015 rxjs, dynamic imports inlined). */
export function bundleSize(code: string, options?: { resolveDir?: string }): Promise<BundleSizes>;

/**
 * Measures dist/index.browser.min.mjs (rxjs external), the same with the rxjs it uses bundled in,
 * and what a typical app imports (`connect$`, `handleFile`, `onlyData`).
 */
export function measureBundles(): Promise<{
  own: BundleSizes;
  withRxjs: BundleSizes;
  typical: BundleSizes;
}>;

/** The official @gradio/client browser build: whole, and a typical app's import (`Client`, `handle_file`). */
export function measureOfficial(): Promise<{ whole: BundleSizes; typical: BundleSizes }>;
