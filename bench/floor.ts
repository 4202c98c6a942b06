/**
 * The raw-HTTP floor: the minimal request sequence the Gradio protocol needs (no API info, no
 * validation, no sessions policy, fn_index known up front), as the limit no client can beat.
 */
export interface Floor {
  connect(): Promise<void>;
  predict(text: string): Promise<unknown>;
  concurrent(texts: string[]): Promise<unknown[]>;
  stream(n: number): Promise<{ updates: number; last: string }>;
  /** A stream job fed `n` chunks, each sent when the previous result came; per-chunk round trips (ms). */
  chunks(n: number, frame: unknown): Promise<number[]>;
}

const decoder = () => new TextDecoder();

async function* frames(response: Response): AsyncGenerator<Record<string, unknown>> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const text = decoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += text.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (frame.startsWith('data: ')) yield JSON.parse(frame.slice(6)) as Record<string, unknown>;
    }
  }
}

export function floor(url: string, fnIndex: { echo: number; stream: number; tick: number }): Floor {
  const api = `${url}/gradio_api`;
  let counter = 0;
  const session = () => `floor${Date.now().toString(36)}${(counter++).toString(36)}`;
  const join = async (hash: string, fn: number, data: unknown[]): Promise<string> => {
    const response = await fetch(`${api}/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data, fn_index: fn, session_hash: hash }),
    });
    return ((await response.json()) as { event_id: string }).event_id;
  };
  return {
    async connect() {
      await (await fetch(`${url}/config`)).json();
    },
    async predict(text) {
      const hash = session();
      await join(hash, fnIndex.echo, [text]);
      for await (const message of frames(await fetch(`${api}/queue/data?session_hash=${hash}`))) {
        if (message.msg === 'process_completed')
          return (message.output as { data: unknown[] }).data[0];
      }
      throw new Error('stream ended');
    },
    async concurrent(texts) {
      const hash = session();
      const ids = await Promise.all(texts.map((t) => join(hash, fnIndex.echo, [t])));
      const index = new Map(ids.map((id, i) => [id, i]));
      const results: unknown[] = new Array(texts.length);
      let done = 0;
      while (done < texts.length) {
        for await (const message of frames(await fetch(`${api}/queue/data?session_hash=${hash}`))) {
          if (message.msg === 'process_completed') {
            results[index.get(message.event_id as string) as number] = (
              message.output as { data: unknown[] }
            ).data[0];
            done++;
          }
        }
      }
      return results;
    },
    async stream(n) {
      const hash = session();
      await join(hash, fnIndex.stream, [n]);
      let text = '';
      let updates = 0;
      for await (const message of frames(await fetch(`${api}/queue/data?session_hash=${hash}`))) {
        if (message.msg === 'process_generating') {
          const data = (message.output as { data: unknown[] }).data[0];
          if (updates === 0) text = data as string;
          else
            for (const [action, , value] of data as [string, unknown, string][])
              text = action === 'append' ? text + value : value;
          updates++;
        }
        if (message.msg === 'process_completed') return { updates, last: text };
      }
      throw new Error('stream ended');
    },
    async chunks(n, frame) {
      const hash = session();
      const post = (path: string, body: unknown) =>
        fetch(`${api}/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((response) => response.body?.cancel());
      let sentAt = performance.now();
      const id = await join(hash, fnIndex.tick, [frame, 0]);
      const latencies: number[] = [];
      for await (const message of frames(await fetch(`${api}/queue/data?session_hash=${hash}`))) {
        if (message.msg === 'process_streaming' || message.msg === 'process_generating') {
          const seq = Number((message.output as { data: unknown[] }).data[0]);
          if (seq !== latencies.length) continue;
          latencies.push(performance.now() - sentAt);
          sentAt = performance.now();
          if (latencies.length < n)
            void post(`stream/${id}`, {
              data: [frame, latencies.length],
              fn_index: fnIndex.tick,
              session_hash: hash,
              event_data: null,
            });
          else void post(`stream/${id}/close`, {});
        }
        if (message.msg === 'process_completed') return latencies;
      }
      throw new Error('stream ended');
    },
  };
}
