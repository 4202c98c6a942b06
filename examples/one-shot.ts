/**
 * A Node one-shot call: `npx tsx examples/one-shot.ts <app-url> [name]`.
 * Connects, calls `/predict` once, prints the result. Type-checked in CI (`npm run typecheck`).
 */
import { pathToFileURL } from 'node:url';
import { firstValueFrom } from 'rxjs';
import { isGradioError, predict$ } from '../lib/index';

export async function greet(url: string, name: string): Promise<string> {
  const [greeting] = await firstValueFrom(predict$<[string]>(url, '/predict', { name }));
  return greeting;
}

const [url, name = 'Ada'] = process.argv.slice(2);
const runAsScript =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runAsScript && url) {
  greet(url, name).then(console.log, (error: unknown) => {
    console.error(isGradioError(error) ? `${error.code}: ${error.message}` : error);
    process.exit(1);
  });
}
