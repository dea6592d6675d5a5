import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInPath } from '../src/lib/return-path';

describe('safeReturnPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeReturnPath('/devices')).toBe('/devices');
    expect(safeReturnPath('/t/ten_1/billing?x=1#top')).toBe('/t/ten_1/billing?x=1#top');
    expect(safeReturnPath('/invite/abc.def')).toBe('/invite/abc.def');
  });

  it.each([
    'http://evil.test/phish',
    'https://evil.test',
    '//evil.test',
    '//evil.test/path',
    '/\\evil.test',
    '\\\\evil.test',
    '/\t/evil.test',
    '/%0a/evil.test'.replace('%0a', '\n'),
    'javascript:alert(1)',
    'evil.test',
    '',
    null,
    undefined,
  ])('sends %j home instead', (raw) => {
    expect(safeReturnPath(raw)).toBe('/');
  });

  it('builds the sign-in link that comes back', () => {
    expect(signInPath('/devices')).toBe('/sign-in?callbackUrl=%2Fdevices');
    expect(signInPath('//evil.test')).toBe('/sign-in');
    expect(signInPath(undefined)).toBe('/sign-in');
  });
});
