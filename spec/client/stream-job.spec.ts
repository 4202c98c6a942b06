import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, isObservable, of } from 'rxjs';
import { asOneChunk, streamingKeys, withoutStreams } from '../../lib/client/stream-payload';
import { handleFile } from '../../lib/files/handle-file';
import { buildEndpoints } from '../../lib/protocol/build-endpoints';
import { checkStreamChunk } from '../../lib/protocol/stream-chunk';
import { formatApi } from '../../lib/codegen/format-api';
import { buildApiView } from '../../lib/protocol/api-view';
import { generateTypes } from '../../lib/codegen/generate-types';
import type { EndpointInfo } from '../../lib/types/api-info';
import { sampleConfig } from '../protocol/config-fixtures';

/** A stream endpoint like the realtime fixture's /flip: an image that streams, a tag, a delay. */
function flipEndpoint(): EndpointInfo {
  const base = sampleConfig();
  const config = sampleConfig({
    components: [
      ...base.components,
      { id: 9, type: 'image', props: { label: 'Frame' } },
      { id: 10, type: 'number', props: { label: 'Delay' } },
    ],
    dependencies: [
      {
        id: 0,
        api_name: 'flip',
        inputs: [9, 1, 10],
        outputs: [3],
        targets: [[9, 'stream']],
        connection: 'stream',
        stream_every: 0.05,
        time_limit: 1.5,
      },
    ],
  });
  const [flip] = buildEndpoints(config, null);
  return flip as EndpointInfo;
}

describe('streaming payloads', () => {
  const flip = flipEndpoint();

  it('finds the Observable values of a positional or named payload', () => {
    expect(streamingKeys([of(1), 'a', of(2)])).toEqual([0, 2]);
    expect(streamingKeys({ frame: of(1), name: 'a' })).toEqual(['frame']);
    expect(streamingKeys(['a', 1])).toEqual([]);
    expect(streamingKeys(undefined)).toEqual([]);
  });

  it('checks a streaming payload by its shape, with null for each Observable', () => {
    expect(withoutStreams([of(1), 'a'])).toEqual([null, 'a']);
    expect(withoutStreams({ frame: of(1), name: 'a' })).toEqual({ frame: null, name: 'a' });
  });

  it('makes plain values of streaming parameters one-chunk Observables, and leaves the rest', async () => {
    const frame = handleFile(new Uint8Array([1]), { name: 'f.bmp' });
    const positional = asOneChunk(flip, [frame, 'tag', 0]) as unknown[];
    expect(isObservable(positional[0])).toBe(true);
    expect(await firstValueFrom(positional[0] as ReturnType<typeof of>)).toBe(frame);
    expect(positional.slice(1)).toEqual(['tag', 0]);
    const frames$ = of(frame);
    expect((asOneChunk(flip, [frames$, 'tag', 0]) as unknown[])[0]).toBe(frames$);
    const named = asOneChunk(flip, { name: 'tag', frame }) as Record<string, unknown>;
    expect(isObservable(named.frame)).toBe(true);
    expect(named.name).toBe('tag');
  });

  it('refuses a chunk that is not a file for an image, and names the parameter', () => {
    const refused = checkStreamChunk(flip, 0, 'data');
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    expect(refused?.message).toMatch(/"frame" of \/flip \(a Image\) must be a file.*got string/);
    expect(checkStreamChunk(flip, 'frame', [1, 2])?.message).toMatch(/got an array/);
    expect(checkStreamChunk(flip, 0, handleFile(new Uint8Array([1])))).toBeNull();
    expect(
      checkStreamChunk(flip, 0, { path: '/tmp/x.png', meta: { _type: 'gradio.FileData' } }),
    ).toBeNull();
    expect(checkStreamChunk(flip, 1, 'any text')).toBeNull();
  });

  it('shows stream endpoints in the text view and the generated types', () => {
    const view = buildApiView('http://h/app', '6.31.0', [flip]);
    const text = formatApi(view);
    expect(text).toContain(
      "Stream endpoint: pass an Observable for frame, one chunk per value; the app's UI sends a chunk every 0.05 s; the server ends a stream after 1.5 s.",
    );
    expect(text).toMatch(/frame: .* \| Observable<.*> {2}\(Image, required, streams\)/);
    const types = generateTypes(view);
    expect(types).toContain("import type { Observable } from 'rxjs';");
    // Without /info the types are unknown; the real app's are checked by the codegen spec.
    expect(types).toContain('frame: unknown | Observable<unknown>;');
    expect(types).toContain('name: unknown;');
  });
});
