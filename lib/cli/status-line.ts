import type { StatusEvent, UploadEvent } from '../types/events';

/** The text shown next to the progress bar for a status or upload event. */
export function statusLine(event: StatusEvent | UploadEvent): { fraction: number; text: string } {
  if (event.type === 'upload') {
    const fraction = event.total ? event.loaded / event.total : 0;
    return { fraction, text: `uploading ${event.file}` };
  }
  const parts: string[] = [event.stage];
  if (event.position !== null)
    parts.push(
      `queue ${event.position + 1}${event.queueSize !== null ? `/${event.queueSize}` : ''}`,
    );
  if (event.eta !== null) parts.push(`eta ${event.eta.toFixed(1)}s`);
  const unit = event.progress?.at(-1);
  let fraction = event.stage === 'complete' ? 1 : 0;
  if (unit) {
    if (unit.progress !== null) fraction = unit.progress;
    else if (unit.index !== null && unit.length) fraction = unit.index / unit.length;
    if (unit.desc) parts.push(unit.desc);
  }
  return { fraction, text: parts.join(', ') };
}
