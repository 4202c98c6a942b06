/** Sizes in bytes: minified, and minified + gzip -9. */
export interface BundleSizes {
  min: number;
  gzip: number;
}

/** What loads at start, and what loads on first use (chunks split off at the library's import() calls). */
export interface SplitSizes {
  initial: BundleSizes;
  lazy: BundleSizes & { chunks: number };
}

/** The ceiling CI holds a typical app's initial download to (min+gzip bytes, rxjs external). */
export const BUDGET: { typicalInitialGzip: number };

/** Bundles an entry module's code with its dependencies, minified, code split as an app's bundler would. */
export function bundleSize(
  code: string,
  options?: { rxjs?: boolean; keepOutput?: boolean; sources?: boolean },
): Promise<SplitSizes>;

/**
 * Measures the whole browser build (rxjs external, and with the rxjs it uses) and what a typical
 * app imports (`connect$`, `handleFile`, `onlyData`) through the package entry, both ways.
 */
export function measureBundles(): Promise<{
  whole: SplitSizes;
  wholeWithRxjs: SplitSizes;
  typical: SplitSizes;
  typicalWithRxjs: SplitSizes;
}>;

/** The official @gradio/client browser build: whole, and a typical app's import (`Client`, `handle_file`). */
export function measureOfficial(): Promise<{ whole: BundleSizes; typical: BundleSizes }>;

/** Per-module minified + gzip sizes of a typical app's initial download (rxjs external). */
export function moduleBreakdown(): Promise<Array<{ name: string; min: number; gzip: number }>>;
