import { describe, expect, it } from '@jest/globals';
import { jobOptionsFor } from '../../lib/protocol/job-options';
import type { EndpointInfo } from '../../lib/types/api-info';

const endpoint = (oauthToken: EndpointInfo['oauthToken']): EndpointInfo => ({
  name: '/e',
  fnIndex: 0,
  visibility: 'public',
  description: '',
  parameters: [],
  returns: [],
  generator: false,
  queued: true,
  inputSlots: [],
  outputSlots: [],
  stream: null,
  renderId: null,
  renderedIn: null,
  oauthToken,
});

describe('jobOptionsFor (which token a job carries)', () => {
  it('an endpoint without a gr.OAuthToken never gets one, whoever gave it', () => {
    expect(
      jobOptionsFor(endpoint(null), { oauthToken: 'call', headers: { a: '1' } }, 'client'),
    ).toEqual({
      ok: true,
      value: { headers: { a: '1' } },
    });
  });

  it("the call's token wins over the client's; the client's is the default", () => {
    expect(jobOptionsFor(endpoint('required'), { oauthToken: 'call' }, 'client')).toEqual({
      ok: true,
      value: { oauthToken: 'call' },
    });
    expect(jobOptionsFor(endpoint('optional'), {}, 'client')).toEqual({
      ok: true,
      value: { oauthToken: 'client' },
    });
  });

  it('none: fine for an optional token, OAUTH_REQUIRED for a required one', () => {
    expect(jobOptionsFor(endpoint('optional'), {}, undefined)).toEqual({ ok: true, value: {} });
    const refused = jobOptionsFor(endpoint('required'), {}, undefined);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'OAUTH_REQUIRED', endpoint: '/e' });
  });
});
