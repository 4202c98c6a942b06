/**
 * `npm run demo`: starts the bundled Gradio app (examples/demo-app) on a free local port and shows
 * gradio-rx at work: the API view, a prediction, a streamed generator with queue status and
 * progress, a generator cancelled half-way (the app confirms it stopped), and frames streamed into
 * a realtime endpoint.
 *
 * `npm run demo -- <app-url | owner/space>` connects to another Gradio app or a Hugging Face Space
 * (showing the Space's status while it wakes) and prints its API; add `<endpoint> '<json payload>'`
 * to run one prediction there. `HF_TOKEN` is used if set; `HF_ENDPOINT` picks another hub.
 */
import { filter, firstValueFrom, lastValueFrom, take, tap } from 'rxjs';
import {
  formatApi,
  connect$,
  isGradioError,
  onlyClient,
  type GradioClient,
  type SubmitEvent,
} from '../lib/index';
import { startGradioServer, stopGradioServer, type RunningServer } from '../scripts/gradio-server';
import { streamFrames } from './realtime';

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const heading = (text: string) => console.log(`\n${bold(`== ${text} ==`)}`);

function describe(event: SubmitEvent): string | null {
  if (event.type === 'log') return `  log   [${event.level}] ${event.message}`;
  if (event.type === 'upload')
    return `  upload ${event.file} ${event.loaded}/${event.total ?? '?'} bytes`;
  if (event.type === 'render') return `  render ${event.endpoints.join(', ')}`;
  if (event.type === 'data') return null;
  const parts = [`  status ${event.stage}`];
  if (event.position !== null)
    parts.push(
      `queue position ${event.position}${event.queueSize !== null ? `/${event.queueSize}` : ''}`,
    );
  if (event.eta !== null) parts.push(`eta ${event.eta.toFixed(2)} s`);
  const unit = event.progress?.at(-1);
  if (unit?.progress !== null && unit?.progress !== undefined)
    parts.push(`${unit.desc ?? 'progress'} ${Math.round(unit.progress * 100)}%`);
  return parts.join(', ');
}

async function localDemo(client: GradioClient): Promise<void> {
  heading('The API, as formatApi(client.viewApi()) prints it');
  console.log(formatApi(client.viewApi()));

  heading(
    "One prediction: await firstValueFrom(client.predict$('/greet', { name: 'Ada', excitement: 3 }))",
  );
  const [greeting] = await firstValueFrom(
    client.predict$<[string]>('/greet', { name: 'Ada', excitement: 3 }),
  );
  console.log(`  ${greeting}`);

  heading(
    "A generator streaming words with progress: client.submit$('/write_story', { topic: 'fox', words: 12 })",
  );
  let lastProgressShown = -1;
  await lastValueFrom(
    client.submit$<[string]>('/write_story', { topic: 'fox', words: 12 }).pipe(
      tap((event) => {
        if (event.type === 'data') {
          console.log(`  data  "${event.data[0].trim()}"`);
          return;
        }
        const pct =
          event.type === 'status' ? Math.round((event.progress?.at(-1)?.progress ?? -1) * 100) : -1;
        if (pct !== -1 && pct === lastProgressShown) return;
        lastProgressShown = pct;
        const line = describe(event);
        if (line) console.log(line);
      }),
    ),
  );

  heading('Cancel half-way: take(10) of a 40-word story, then unsubscribe');
  const words = await lastValueFrom(
    client.predict$<[string]>('/write_story', { topic: 'owl', words: 40 }).pipe(take(10)),
  );
  console.log(`  received 10 updates, last: "${words[0].trim()}"`);
  let status: { words: number; finished: boolean; stopped: boolean } | undefined;
  for (let i = 0; i < 40; i++) {
    [status] = await firstValueFrom(client.predict$<[typeof status]>('/story_status'));
    if (status?.stopped) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  console.log(
    `  the app reports: stopped=${status?.stopped}, finished=${status?.finished}, words written=${status?.words} of 40`,
  );
}

async function remoteDemo(source: string, endpoint?: string, payload?: string): Promise<void> {
  const client = await firstValueFrom(
    connect$(source, { hfToken: process.env.HF_TOKEN }).pipe(
      tap((event) => {
        if (event.type === 'status')
          console.log(
            `  space  ${event.stage} (${event.hubStage})${event.hardware ? ` on ${event.hardware}` : ''}`,
          );
      }),
      onlyClient(),
    ),
  );
  heading(`API of ${client.url}`);
  console.log(formatApi(client.viewApi()));
  if (!endpoint) return;
  heading(`submit$('${endpoint}', ${payload ?? '[]'})`);
  await lastValueFrom(
    client.submit$(endpoint, payload ? (JSON.parse(payload) as unknown[]) : []).pipe(
      tap((event) => {
        const line =
          event.type === 'data'
            ? `  data  ${JSON.stringify(event.data).slice(0, 300)}`
            : describe(event);
        if (line) console.log(line);
      }),
      filter(() => false),
    ),
    { defaultValue: undefined },
  );
}

/** What `npm run demo -- --help` prints. */
export const USAGE = `Usage: npm run demo [-- --serve | <app-url | owner/space> [<endpoint> '<json payload>']]

  (no arguments)      start the bundled Gradio app (examples/demo-app) on http://127.0.0.1:7860
                      (another free port when that one is taken) and show the client at work:
                      API view, prediction, queue status and progress, a streamed generator, a
                      cancel, and frames streamed into a realtime endpoint
  --serve             start the bundled app and keep it running until Ctrl-C, for the README's
                      examples (it prints its URL)
  <app-url>           connect to a running Gradio app and print its API
  <owner/space>       connect to a Hugging Face Space (status while it wakes) and print its API
  <endpoint> <json>   then run one prediction, e.g. /predict '{"name": "Ada"}'
  -h, --help          print this help

Environment: HF_TOKEN (token for private Spaces), HF_ENDPOINT (another hub, e.g. a mirror).
`;

/** The bundled demo app, on Gradio's usual port when it is free. */
const startDemoApp = (): Promise<RunningServer> =>
  startGradioServer({
    name: 'demo',
    mounts: { demo_app: '/' },
    appsDirs: ['examples/demo-app'],
    port: 7860,
  });

/** `--serve`: the demo app alone, running until the process is interrupted. */
async function serve(): Promise<void> {
  console.log('Starting the bundled Gradio demo app (Python, pinned Gradio in .venv)...');
  const server = await startDemoApp();
  console.log(`Gradio demo app running at ${server.apps.demo_app} (Ctrl-C to stop)`);
  const stop = () => {
    void stopGradioServer(server).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise<never>(() => undefined);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = args[0];
  if (flag === '--serve') return serve();
  if (flag?.startsWith('-')) {
    const help = flag === '-h' || flag === '--help';
    (help ? process.stdout : process.stderr).write(
      help ? USAGE : `Unknown option ${flag}.\n\n${USAGE}`,
    );
    process.exit(help ? 0 : 2);
  }
  const [target, endpoint, payload] = args;
  if (target) {
    await remoteDemo(target, endpoint, payload);
    return;
  }
  console.log('Starting the bundled Gradio demo app (Python, pinned Gradio in .venv)...');
  let server: RunningServer | undefined;
  try {
    server = await startDemoApp();
    const url = server.apps.demo_app as string;
    console.log(`Gradio app running at ${url}`);
    heading(`connect$('${url}')`);
    const client = await firstValueFrom(connect$(url).pipe(onlyClient()));
    console.log(`  connected: Gradio ${client.version}, API at ${client.apiUrl}`);
    await localDemo(client);
    await client.close();
    heading(
      "Realtime: 20 generated frames, one every 50 ms, into client.submit$('/brightness', { frame: frames$ })",
    );
    await streamFrames(url, 20, (line) => console.log(`  ${line}`));
    console.log('\nDone.');
  } finally {
    if (server) await stopGradioServer(server);
  }
}

main().catch((error: unknown) => {
  console.error(isGradioError(error) ? `gradio-rx error ${error.code}: ${error.message}` : error);
  process.exit(1);
});
