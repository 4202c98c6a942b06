/** This package's version (kept equal to package.json's by a spec). */
export const VERSION = '0.1.0';

/**
 * The `User-Agent` gradio-rx sends in Node (`gradio-rx/<version>`), as the Python client sends
 * `gradio_client/<version>`. Browsers send their own and get no extra header: a custom one would
 * make every GET a CORS preflight.
 */
export const USER_AGENT = `gradio-rx/${VERSION}`;
