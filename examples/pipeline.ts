/**
 * A two-app pipeline: a generator app streams text (its progress printed as it goes), and the
 * finished text is fed into a second app. Run: `npx tsx examples/pipeline.ts <writer-url> <shouter-url>`
 * (e.g. the jobs and blocks fixture apps). Checked in CI by spec/integration/examples.spec.ts.
 */
import { pathToFileURL } from 'node:url';
import { firstValueFrom, last, lastValueFrom, map, tap } from 'rxjs';
import { connect$, onlyClient, onlyData, predictEach, type GradioClient } from '../lib/index';

/** Streams `/count` on the writer, then sends the final text to `/upper` on the shouter. */
export async function writeThenShout(
  writerUrl: string,
  shouterUrl: string,
  words: number,
  log: (line: string) => void,
): Promise<string> {
  const open = (url: string): Promise<GradioClient> =>
    firstValueFrom(connect$(url).pipe(onlyClient()));
  const [writer, shouter] = await Promise.all([open(writerUrl), open(shouterUrl)]);
  try {
    const [shouted] = await lastValueFrom(
      writer.submit$<[string]>('/count', { n: words, delay: 0.02 }).pipe(
        tap((event) => {
          if (event.type === 'status')
            log(
              `writer: ${event.stage}${event.position !== null ? ` (queue position ${event.position})` : ''}`,
            );
          if (event.type === 'data') log(`writer: "${event.data[0].trim()}"`);
        }),
        onlyData(),
        last(),
        map(([text]) => text.trim()),
        predictEach<string, [string]>(shouter, '/upper'),
      ),
    );
    log(`shouter: "${shouted}"`);
    return shouted;
  } finally {
    await Promise.all([writer.close(), shouter.close()]);
  }
}

const [writerUrl, shouterUrl] = process.argv.slice(2);
if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  writerUrl &&
  shouterUrl
) {
  writeThenShout(writerUrl, shouterUrl, 8, console.log).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
