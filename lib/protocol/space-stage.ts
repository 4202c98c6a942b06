import type { SpaceStage } from '../types/space';

/** What a hub stage means for a client that wants to connect. */
export type SpaceStageReading =
  | { kind: 'running'; stage: 'running'; message: string }
  | { kind: 'waiting'; stage: Exclude<SpaceStage, 'running'>; message: string }
  | { kind: 'failed'; message: string };

const FAILURES: Record<string, string> = {
  PAUSED:
    'The Space is paused by its owner; ask them to restart it, or duplicate it with duplicate$().',
  BUILD_ERROR:
    'The Space failed to build; its owner must fix it (the build logs on the hub say why), or duplicate and fix it yourself.',
  RUNTIME_ERROR:
    'The Space crashed at runtime; its owner must fix or restart it (the logs on the hub say why).',
  NO_APP_FILE: 'The Space has no app file, so there is nothing to run.',
  CONFIG_ERROR: 'The Space has a configuration error; its owner must fix its README metadata.',
  DELETING: 'The Space is being deleted.',
};

/**
 * Reads a hub `runtime.stage` like the official clients do: RUNNING (and RUNNING_BUILDING) is
 * ready; SLEEPING/STOPPED, BUILDING and APP_STARTING are worth waiting for; anything else is an
 * error that waiting will not fix.
 */
export function readSpaceStage(hubStage: string): SpaceStageReading {
  switch (hubStage) {
    case 'RUNNING':
    case 'RUNNING_BUILDING':
      return { kind: 'running', stage: 'running', message: 'The Space is running.' };
    case 'SLEEPING':
    case 'STOPPED':
      return { kind: 'waiting', stage: 'sleeping', message: 'The Space is asleep; waking it up.' };
    case 'BUILDING':
    case 'RUNNING_APP_STARTING':
      return { kind: 'waiting', stage: 'building', message: 'The Space is building.' };
    case 'APP_STARTING':
      return { kind: 'waiting', stage: 'starting', message: 'The Space is starting.' };
    default:
      return {
        kind: 'failed',
        message:
          FAILURES[hubStage] ?? `The Space is in stage ${hubStage} and cannot serve requests.`,
      };
  }
}
