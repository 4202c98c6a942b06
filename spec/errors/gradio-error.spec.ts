import { describe, expect, it } from '@jest/globals';
import { AuthError, UnsupportedProtocolError } from '../../lib/errors/connect-errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRADIO_ERROR_CODES, GradioError, isGradioError } from '../../lib/errors/gradio-error';
import { repoRoot } from '../../scripts/gradio-server';

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

describe('GRADIO_ERROR_CODES', () => {
  it('is the list the README error table documents, code for code', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Errors'), readme.indexOf('\n## Migrating'));
    const documented = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]));
    expect([...documented].sort()).toEqual([...GRADIO_ERROR_CODES].sort());
  });

  it('is what isGradioError accepts from foreign errors', () => {
    for (const code of GRADIO_ERROR_CODES)
      expect(isGradioError(Object.assign(new Error('x'), { code }), code)).toBe(true);
    expect(isGradioError(Object.assign(new Error('x'), { code: 'NOT_A_CODE' }))).toBe(false);
  });
});
