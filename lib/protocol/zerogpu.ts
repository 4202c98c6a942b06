/**
 * ZeroGPU's failures, recognised in an app error (pure). A ZeroGPU Space raises them from its
 * `@spaces.GPU` wrapper as a `gr.Error` whose title starts with "ZeroGPU" (no title before Gradio
 * 5), with these texts (the `spaces` package, 0.51):
 *
 * | title | text | kind |
 * | --- | --- | --- |
 * | ZeroGPU quota exceeded | You have exceeded your ... quota (60s requested vs. 12s left). Try again in 0:04:13. | `quota`, retry after 4 min 13 s |
 * | ZeroGPU quota exceeded | You have exceeded your ZeroGPU runs limit. / Space app has reached its GPU limit. ... | `quota` |
 * | ZeroGPU pending credits exceeded | You have too many ZeroGPU credits allocated to running tasks. ... | `quota` |
 * | ZeroGPU queue timeout / client error / quota exceeded | No GPU was available [after 60s] ... | `unavailable` |
 * | ZeroGPU worker error | GPU task aborted | `aborted` |
 * | ZeroGPU illegal duration | The requested GPU duration (120s) is larger than the maximum allowed | `duration` |
 */
export type ZeroGpuKind = 'quota' | 'unavailable' | 'aborted' | 'duration';

export interface ZeroGpuFailure {
  kind: ZeroGpuKind;
  /** How long the message says to wait (ms), or null when it does not say. */
  retryAfter: number | null;
}

const PATTERNS: ReadonlyArray<[ZeroGpuKind, RegExp]> = [
  ['unavailable', /^No GPU was available\b/],
  ['aborted', /^GPU task aborted\b/],
  ['duration', /^The requested GPU duration \(\d+s\) is larger than the maximum allowed/],
  [
    'quota',
    /^(You have exceeded your (?:[\w ]+ )?(?:quota|runs limit)|Space app has reached its GPU limit|You have too many ZeroGPU credits)/,
  ],
];

/** "Try again in 0:04:13." (a Python timedelta: `[D day[s], ]H:MM:SS[.ffffff]`) in ms. */
function retryAfterOf(message: string): number | null {
  const match = /Try again in (?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(message);
  if (!match) return null;
  const [, days = '0', hours = '0', minutes = '0', secs = '0'] = match;
  return Math.round(
    ((Number(days) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(secs)) * 1000,
  );
}

/**
 * The ZeroGPU failure an app error stands for, or null for any other error. Recognised by its
 * text (the title, when there is one, must be ZeroGPU's too), so it works on every Gradio line
 * (Gradio 4's quoted `repr()` messages included).
 */
export function zeroGpuFailure(
  message: string | null,
  title: string | null,
): ZeroGpuFailure | null {
  if (message === null || (title !== null && !title.startsWith('ZeroGPU'))) return null;
  // Gradio 4 sends a gr.Error's message as Python repr(): quoted.
  const text = message.trim().replace(/^(['"])([\s\S]*)\1$/, '$2');
  const found = PATTERNS.find(([, pattern]) => pattern.test(text));
  if (!found) return null;
  return { kind: found[0], retryAfter: found[0] === 'quota' ? retryAfterOf(text) : null };
}
