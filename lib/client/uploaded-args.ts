import type { Observable } from 'rxjs';
import { collectFileInputs, replaceFileInputs } from '../protocol/file-walk';
import type { EndpointInfo } from '../types/api-info';
import type { SubmitEvent } from '../types/events';
import type { ClientContext } from './client-context';
import { lazy$, UPLOADS } from './lazy';

/**
 * `run$(args)` once the file inputs found anywhere in `args` are uploaded and replaced by the
 * server's references (`withUploads$`, whose code is loaded when a payload first holds a file);
 * at once when there are none.
 */
export function withArgsUploaded$(
  ctx: ClientContext,
  endpoint: EndpointInfo,
  args: unknown[],
  run$: (args: unknown[]) => Observable<SubmitEvent>,
): Observable<SubmitEvent> {
  const files = collectFileInputs(args);
  if (files.length === 0) return run$(args);
  return lazy$(UPLOADS, ({ withUploads$ }) =>
    withUploads$(ctx, endpoint, files, (refs) =>
      run$(replaceFileInputs(args, (input) => refs.get(input))),
    ),
  );
}
