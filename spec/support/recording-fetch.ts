/** One request as the client sent it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** A real fetch that also records every request the client makes (for request-count assertions). */
export function recordingFetch(): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    requests.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
    });
    return fetch(request);
  };
  return { fetch: wrapped, requests };
}
