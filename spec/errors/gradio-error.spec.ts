import { describe, expect, it } from '@jest/globals';
import { AuthError, UnsupportedProtocolError } from '../../lib/errors/connect-errors';
import { GradioError, isGradioError } from '../../lib/errors/gradio-error';

describe('GradioError', () => {
  it('carries code, context and cause', () => {
    const cause = new TypeError('fetch failed');
    const error = new GradioError('APP_UNREACHABLE', 'down', { url: 'http://h', status: 0, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'GradioError',
      code: 'APP_UNREACHABLE',
      url: 'http://h',
      status: 0,
    });
    expect(error.cause).toBe(cause);
  });

  it('subclasses set their name and keep extra context', () => {
    const auth = new AuthError('AUTH_REQUIRED', 'login', { authMessage: 'hi' });
    expect(auth).toBeInstanceOf(GradioError);
    expect(auth).toMatchObject({ name: 'AuthError', authMessage: 'hi' });
    expect(new UnsupportedProtocolError('ws', '3.50.2')).toMatchObject({
      code: 'UNSUPPORTED_PROTOCOL',
      version: '3.50.2',
    });
  });
});

describe('isGradioError', () => {
  it('matches by instance and by code', () => {
    const error = new GradioError('QUEUE_FULL', 'full');
    expect(isGradioError(error)).toBe(true);
    expect(isGradioError(error, 'QUEUE_FULL')).toBe(true);
    expect(isGradioError(error, 'APP_ERROR')).toBe(false);
  });

  it('recognises errors from another copy of the library by shape', () => {
    const foreign = Object.assign(new Error('x'), { code: 'LOGIN_FAILED' });
    expect(isGradioError(foreign, 'LOGIN_FAILED')).toBe(true);
    expect(isGradioError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isGradioError({ code: 'LOGIN_FAILED' })).toBe(false);
    expect(isGradioError(null)).toBe(false);
  });
});
