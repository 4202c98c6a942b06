/**
 * POSTs a streamed body with Node's own `http`/`https` modules and a stream pipeline, which holds
 * back when the socket is busy. Node's built-in fetch does not: a streamed request body is read as
 * fast as the disk allows and buffered, so a 200 MB upload would cost about 200 MB of memory.
 * Loaded only in Node (dynamic imports), so browser bundles never touch it.
 */
export async function nodeStreamUpload(
  url: string,
  headers: Record<string, string>,
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): Promise<Response> {
  const { request } = url.startsWith('https:')
    ? await import('node:https')
    : await import('node:http');
  const { Readable } = await import('node:stream');
  const { pipeline } = await import('node:stream/promises');
  return new Promise<Response>((resolve, reject) => {
    // The body's pipeline settles once the source was read to its end (a file is closed by then)
    // or destroyed; the promise resolves only after that, so no file handle outlives the upload.
    let sent: Promise<unknown> = Promise.resolve();
    let answered = false;
    const req = request(url, { method: 'POST', headers, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        answered = true;
        // A server that answers before reading the whole body (413) stops the upload here.
        if (!req.writableFinished) req.destroy();
        void sent.then(() =>
          resolve(new Response(status === 204 || status === 304 ? null : text, { status })),
        );
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    sent = pipeline(Readable.fromWeb(body as never), req).catch((error: unknown) => {
      if (!answered) reject(error);
    });
  });
}
