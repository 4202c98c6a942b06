/**
 * Run as a child process by the sessions spec: in each round, uploads files (a path and bytes),
 * streams a generator to its end, cancels a generator mid-stream, keeps a heartbeat (the stateful
 * app) and leaves a generator running, then awaits `close()` of every client and, in the same
 * tick, lists what is still active (`process.getActiveResourcesInfo()`) beyond what was active
 * before the round. Prints one JSON line per round: `{ round, extra, heartbeatSession }`.
 * Arguments: files_app URL, jobs_app URL, state_app URL, rounds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, take } from 'rxjs';
import { connect$, handleFile, onlyClient } from '../../lib/index';

const [filesUrl, jobsUrl, stateUrl, rounds = '1'] = process.argv.slice(2) as [
  string,
  string,
  string,
  string?,
];
const dir = mkdtempSync(join(tmpdir(), 'gradio-rx-close-'));
const path = join(dir, 'upload.bin');
writeFileSync(path, Buffer.alloc(300_000, 7));

/** The entries of `after` that are not in `before` (as multisets). */
function added(before: string[], after: string[]): string[] {
  const left = [...before];
  return after.filter((entry) => {
    const i = left.indexOf(entry);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/** Progress on stderr, so a round that hangs shows where. */
const step = (what: string): void => void process.stderr.write(`${what}\n`);
const connect = (url: string) => firstValueFrom(connect$(url).pipe(onlyClient()));

for (let round = 1; round <= Number(rounds); round++) {
  const before = process.getActiveResourcesInfo();
  const [files, jobs, state] = await Promise.all([
    connect(filesUrl),
    connect(jobsUrl),
    connect(stateUrl),
  ]);
  step(`round ${round}: connected`);
  await firstValueFrom(state.predict$('/increment'));
  step('heartbeat');
  await firstValueFrom(files.predict$('/probe', [handleFile(path)]));
  await firstValueFrom(
    files.predict$('/many', [
      [handleFile(path), handleFile(Buffer.alloc(50_000, 3), { name: 'b.bin' })],
    ]),
  );
  step('uploads');
  await lastValueFrom(jobs.predict$('/count', [20]));
  step('generator');
  await lastValueFrom(jobs.predict$('/loop', [`close-probe-${round}-${Date.now()}`]).pipe(take(3)));
  step('cancelled mid-stream');
  const running = lastValueFrom(jobs.predict$('/loop', [`close-probe-running-${Date.now()}`]));
  running.catch(() => undefined);
  await firstValueFrom(state.predict$('/increment'));
  step('closing');
  await Promise.all([files.close(), jobs.close(), state.close()]);
  const extra = added(before, process.getActiveResourcesInfo());
  console.log(JSON.stringify({ round, extra, heartbeatSession: state.sessionHash }));
}
rmSync(dir, { recursive: true, force: true });
