/**
 * The `gradio-rx` command: `types`, `view-api` and `predict`. See `gradio-rx --help`.
 * `bin.ts` runs it; this module only builds it (so tests can import it).
 */
import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { firstValueFrom, type Subscription } from 'rxjs';
import { connect$ } from '../client/connect';
import type { GradioClient } from '../client/gradio-client';
import { formatApi } from '../codegen/format-api';
import { generateTypes } from '../codegen/generate-types';
import { isGradioError } from '../errors/gradio-error';
import { onlyClient } from '../operators/only-client';
import type { ConnectOptions } from '../types/options';
import { exitCodeFor, payloadFromArgs } from './parse-params';
import { statusLine } from './status-line';

interface CommonFlags {
  token?: string;
  auth?: string;
  hub?: string;
}

function connectOptions(flags: CommonFlags): ConnectOptions {
  const token = flags.token ?? process.env.HF_TOKEN;
  const options: ConnectOptions = {};
  if (token) options.hfToken = token;
  if (flags.hub) options.hubUrl = flags.hub;
  if (flags.auth) {
    const colon = flags.auth.indexOf(':');
    options.auth = [flags.auth.slice(0, colon), flags.auth.slice(colon + 1)];
  }
  return options;
}

async function open(source: string, flags: CommonFlags): Promise<GradioClient> {
  return firstValueFrom(connect$(source, connectOptions(flags)).pipe(onlyClient()));
}

const render = (outputs: unknown[]): string => {
  if (outputs.length === 1) {
    const [only] = outputs;
    return typeof only === 'string' ? only : JSON.stringify(only);
  }
  return JSON.stringify(outputs);
};

async function predict(
  source: string,
  endpoint: string,
  flags: CommonFlags & { data?: string; param: string[]; json?: boolean },
): Promise<number> {
  const payload = payloadFromArgs(flags.data, flags.param);
  const client = await open(source, flags);
  const bar =
    process.stderr.isTTY && !flags.json
      ? new SingleBar({
          format: '{bar} {percentage}% | {text}',
          hideCursor: true,
          clearOnComplete: true,
          stream: process.stderr,
        })
      : null;
  let barStarted = false;
  const stopBar = () => {
    if (barStarted) bar?.stop();
    barStarted = false;
  };
  let subscription: Subscription | undefined;
  const outcome = await new Promise<number>((resolve) => {
    const onInterrupt = () => {
      stopBar();
      process.stderr.write('Cancelling the job on the server...\n');
      subscription?.unsubscribe(); // the last subscriber leaving cancels the job on the server
      resolve(130);
    };
    process.once('SIGINT', onInterrupt);
    subscription = client.submit$(endpoint, payload).subscribe({
      next: (event) => {
        if (event.type === 'data') {
          stopBar();
          process.stdout.write(`${flags.json ? JSON.stringify(event.data) : render(event.data)}\n`);
        } else if (event.type === 'log') {
          if (!flags.json) process.stderr.write(`[${event.level}] ${event.message}\n`);
        } else if (
          bar &&
          event.type !== 'render' &&
          !(event.type === 'status' && event.stage === 'complete')
        ) {
          const { fraction, text } = statusLine(event);
          if (!barStarted) bar.start(100, 0, { text });
          barStarted = true;
          bar.update(Math.round(fraction * 100), { text });
        }
      },
      error: (error: unknown) => {
        stopBar();
        process.removeListener('SIGINT', onInterrupt);
        process.stderr.write(
          `gradio-rx: ${isGradioError(error) ? `${error.code}: ${error.message}` : String(error)}\n`,
        );
        resolve(exitCodeFor(isGradioError(error) ? error.code : undefined));
      },
      complete: () => {
        stopBar();
        process.removeListener('SIGINT', onInterrupt);
        resolve(0);
      },
    });
  });
  await client.close(); // waits for a cancel to be confirmed, closes streams
  return outcome;
}

async function viewApi(
  source: string,
  flags: CommonFlags & { json?: boolean; all?: boolean },
): Promise<number> {
  const client = await open(source, flags);
  const view = client.viewApi({ all: flags.all === true });
  process.stdout.write(flags.json ? `${JSON.stringify(view, null, 2)}\n` : formatApi(view));
  await client.close();
  return 0;
}

async function types(
  source: string,
  flags: CommonFlags & { out?: string; name?: string },
): Promise<number> {
  const client = await open(source, flags);
  const text = generateTypes(client.viewApi(), {
    source,
    ...(flags.name ? { name: flags.name } : {}),
  });
  await client.close();
  if (flags.out) {
    writeFileSync(flags.out, text);
    process.stderr.write(`Wrote ${flags.out}\n`);
  } else process.stdout.write(text);
  return 0;
}

/** Builds the command-line program (exported for tests). */
export function program(run: (code: number) => void): Command {
  const common = (command: Command): Command =>
    command
      .option('--token <hf_token>', 'Hugging Face token (default: $HF_TOKEN)')
      .option('--auth <user:password>', 'Gradio login')
      .option(
        '--hub <url>',
        'Hugging Face hub for Space ids (default: $HF_ENDPOINT or huggingface.co)',
      );
  const wrap =
    <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
    (...args: A): Promise<void> =>
      action(...args).then(run, (error: unknown) => {
        process.stderr.write(
          `gradio-rx: ${isGradioError(error) ? `${error.code}: ${error.message}` : String(error)}\n`,
        );
        run(exitCodeFor(isGradioError(error) ? error.code : undefined));
      });

  const cli = new Command('gradio-rx')
    .description('Call Gradio apps and Hugging Face Spaces from the command line.')
    .showHelpAfterError();
  common(
    cli
      .command('view-api')
      .argument('<source>', 'app URL or Space id')
      .description('Show how to call each endpoint'),
  )
    .option('--json', 'the typed API description as JSON')
    .option('--all', 'include undocumented endpoints')
    .action(
      wrap((source: string, flags: CommonFlags & { json?: boolean; all?: boolean }) =>
        viewApi(source, flags),
      ),
    );
  common(
    cli
      .command('predict')
      .argument('<source>', 'app URL or Space id')
      .argument('<endpoint>', 'endpoint name (/predict) or fn index')
      .description(
        'Run an endpoint; generator outputs stream one line per update; Ctrl-C cancels the job on the server',
      ),
  )
    .option('--data <json>', 'payload as JSON: an array of values, or an object of parameters')
    .addOption(
      new Option(
        '--param <name=value>',
        'one parameter (repeatable); value is JSON or text; @path or @url for files',
      )
        .argParser((value: string, previous: string[] = []) => [...previous, value])
        .default([]),
    )
    .option('--json', 'print each output as one JSON line, no progress bar')
    .action(
      wrap(
        (
          source: string,
          endpoint: string,
          flags: CommonFlags & { data?: string; param: string[]; json?: boolean },
        ) =>
          predict(source, /^\d+$/.test(endpoint) ? (Number(endpoint) as never) : endpoint, flags),
      ),
    );
  common(
    cli
      .command('types')
      .argument('<source>', 'app URL or Space id')
      .description("Write TypeScript types for the app's endpoints"),
  )
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--name <TypeName>', 'name of the exported type', 'Api')
    .action(
      wrap((source: string, flags: CommonFlags & { out?: string; name?: string }) =>
        types(source, flags),
      ),
    );
  return cli;
}
