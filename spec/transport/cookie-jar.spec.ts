import { describe, expect, it } from '@jest/globals';
import { CookieJar } from '../../lib/transport/cookie-jar';

describe('CookieJar', () => {
  it('replays cookies to the same origin only', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1:7860/login', [
      'a=1; HttpOnly; Path=/',
      'b=2; Path=/; SameSite=lax',
    ]);
    expect(jar.header('http://127.0.0.1:7860/gradio_api/info')).toBe('a=1; b=2');
    expect(jar.header('http://127.0.0.1:7861/config')).toBeUndefined();
    expect(jar.header('http://other.example/')).toBeUndefined();
  });

  it('sends Secure cookies over https and to loopback only', () => {
    const jar = new CookieJar();
    jar.store('http://app.example/login', ['s=1; Secure', 'p=2']);
    expect(jar.header('http://app.example/x')).toBe('p=2');
    jar.store('http://localhost:7860/login', ['s=1; Secure']);
    expect(jar.header('http://localhost:7860/x')).toBe('s=1');
    jar.store('https://app.example/login', ['s=1; Secure']);
    expect(jar.header('https://app.example/x')).toBe('s=1');
  });

  it('replaces, expires and deletes cookies', () => {
    const jar = new CookieJar();
    const now = 1_000_000;
    jar.store('http://h/', ['a=1', 'b=2; Max-Age=10'], now);
    jar.store('http://h/', ['a=3'], now);
    expect(jar.header('http://h/', now)).toBe('a=3; b=2');
    expect(jar.header('http://h/', now + 11_000)).toBe('a=3');
    jar.store('http://h/', ['a=; Max-Age=0'], now);
    expect(jar.header('http://h/', now)).toBe('b=2');
    jar.store('http://h/', ['b=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], now);
    expect(jar.header('http://h/', now)).toBeUndefined();
  });

  it('ignores malformed headers and forgets everything on clear()', () => {
    const jar = new CookieJar();
    jar.store('http://h/', ['novalue', '=x', 'ok=1']);
    expect(jar.header('http://h/')).toBe('ok=1');
    jar.clear();
    expect(jar.header('http://h/')).toBeUndefined();
  });
});
