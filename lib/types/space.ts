/** Hardware a Space can run on (the hub's flavor names). */
export type SpaceHardware =
  | 'cpu-basic'
  | 'cpu-upgrade'
  | 'cpu-xl'
  | 'zero-a10g'
  | 't4-small'
  | 't4-medium'
  | 'l4x1'
  | 'l4x4'
  | 'l40sx1'
  | 'l40sx4'
  | 'l40sx8'
  | 'a10g-small'
  | 'a10g-large'
  | 'a10g-largex2'
  | 'a10g-largex4'
  | 'a100-large'
  | 'h100'
  | 'h100x8';

/** Every {@link SpaceHardware} value, for checking input before any request. */
export const SPACE_HARDWARE: readonly SpaceHardware[] = [
  'cpu-basic',
  'cpu-upgrade',
  'cpu-xl',
  'zero-a10g',
  't4-small',
  't4-medium',
  'l4x1',
  'l4x4',
  'l40sx1',
  'l40sx4',
  'l40sx8',
  'a10g-small',
  'a10g-large',
  'a10g-largex2',
  'a10g-largex4',
  'a100-large',
  'h100',
  'h100x8',
];

/** Where a Space is on its way to serving requests. */
export type SpaceStage = 'sleeping' | 'building' | 'starting' | 'running';

/**
 * {@link connect$} (for a Space id) and {@link duplicate$} emit these while the Space wakes,
 * builds or starts, and once when it runs, before the connected client.
 */
export interface SpaceStatusEvent {
  /** Discriminant: a status update of the Space. */
  type: 'status';
  /** The Space id, `owner/name`. */
  space: string;
  /** Where the Space is (see {@link SpaceStage}). */
  stage: SpaceStage;
  /** The hub's own stage name (`SLEEPING`, `BUILDING`, `APP_STARTING`, `RUNNING`, ...). */
  hubStage: string;
  /** What is happening, for people. */
  message: string;
  /** The hardware the Space runs (or will run) on, when the hub says. */
  hardware: string | null;
  /** When the status was read (ms since the epoch). */
  time: number;
}

/** How long and how often to wait for a Space that is not running yet. */
export interface SpaceWaitOptions {
  /**
   * Give up after this many ms with `APP_UNREACHABLE`.
   * @default 300000
   */
  timeout?: number;
  /**
   * First delay between status checks (ms); doubles each time.
   * @default 1000
   */
  initialDelay?: number;
  /**
   * Longest delay between status checks (ms).
   * @default 10000
   */
  maxDelay?: number;
}
