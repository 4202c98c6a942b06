import { describe, expect, it } from '@jest/globals';
import { CONNECT_DEFAULTS, normalizeConnectOptions } from '../../lib/protocol/connect-options';

const node = { hfEndpoint: undefined, node: true };

describe('normalizeConnectOptions', () => {
  it('applies every default once', () => {
    expect(normalizeConnectOptions({}, node)).toEqual({
      hubUrl: 'https://huggingface.co',
      spaceWait: { timeout: 300_000, initialDelay: 1000, maxDelay: 10_000 },
      auth: undefined,
      hfToken: undefined,
      headers: undefined,
      timeout: 30_000,
      streamIdleTimeout: 60_000,
      heartbeat: true,
      maxSessions: 32,
      signal: undefined,
      fetch: undefined,
    });
  });

  it('picks maxSessions by runtime and the hub from HF_ENDPOINT unless given', () => {
    const browser = normalizeConnectOptions({}, { hfEndpoint: undefined, node: false });
    expect(browser.maxSessions).toBe(CONNECT_DEFAULTS.maxSessions.browser);
    const mirror = { hfEndpoint: 'https://hf-mirror.example', node: true };
    expect(normalizeConnectOptions({}, mirror).hubUrl).toBe('https://hf-mirror.example');
    expect(normalizeConnectOptions({ hubUrl: 'https://hub.example' }, mirror).hubUrl).toBe(
      'https://hub.example',
    );
  });

  it('keeps what was given, field by field, including false', () => {
    const signal = new AbortController().signal;
    const resolved = normalizeConnectOptions(
      {
        timeout: false,
        streamIdleTimeout: 5,
        heartbeat: false,
        maxSessions: 1000,
        spaceWait: { maxDelay: 50 },
        auth: ['ada', 'pw'],
        hfToken: 'hf_x',
        headers: { 'x-a': '1' },
        signal,
      },
      node,
    );
    expect(resolved).toMatchObject({
      timeout: false,
      streamIdleTimeout: 5,
      heartbeat: false,
      maxSessions: 1000,
      spaceWait: { timeout: 300_000, initialDelay: 1000, maxDelay: 50 },
      auth: ['ada', 'pw'],
      hfToken: 'hf_x',
      headers: { 'x-a': '1' },
      signal,
    });
  });
});
