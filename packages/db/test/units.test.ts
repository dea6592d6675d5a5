import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_URL, databaseName, databaseUrl, withDatabase } from '../src/config.js';
import { DbError, isDbError, isDuplicateKeyError, isMissingReferenceError } from '../src/errors.js';
import { DEVICE_ID_PATTERN, newId, randomBase32 } from '../src/ids.js';
import { normalizePairingCode, PAIRING_CODE_ALPHABET } from '../src/queries/pairing.js';

const DB_ENSURE = fileURLToPath(new URL('../../../scripts/db-ensure.mjs', import.meta.url));

describe('DbError', () => {
  it('carries a stable code', () => {
    const error = new DbError('pairing_code_expired', 'That pairing code has expired.');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DbError');
    expect(isDbError(error)).toBe(true);
    expect(isDbError(error, 'pairing_code_used')).toBe(false);
    expect(isDbError(new Error('x'))).toBe(false);
  });

  it('recognizes driver codes on the error or on its cause', () => {
    const duplicate = Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' });
    expect(isDuplicateKeyError(duplicate)).toBe(true);
    expect(isDuplicateKeyError(new Error('wrapped', { cause: duplicate }))).toBe(true);
    expect(isDuplicateKeyError(new Error('other'))).toBe(false);
    const missing = Object.assign(new Error('fk'), { code: 'ER_NO_REFERENCED_ROW_2' });
    expect(isMissingReferenceError(new Error('wrapped', { cause: missing }))).toBe(true);
    expect(isMissingReferenceError(duplicate)).toBe(false);
  });
});

describe('ids', () => {
  it('are prefixed lower-case base32 and valid device ids', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('usr', 'ten', 'dev', 'pc', 'sub', 'inv', 'inl', 'pay' as const),
        (prefix) => {
          const id = newId(prefix);
          expect(id).toMatch(new RegExp(`^${prefix}_[a-z2-7]{16}$`));
          expect(id.length).toBeLessThanOrEqual(32);
          expect(id).toMatch(DEVICE_ID_PATTERN);
        },
      ),
    );
  });

  it('encode ceil(8n/5) characters for n random bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), (bytes) => {
        expect(randomBase32(bytes)).toHaveLength(Math.ceil((bytes * 8) / 5));
      }),
    );
  });
});

describe('normalizePairingCode', () => {
  it('ignores case, spaces and dashes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...PAIRING_CODE_ALPHABET), minLength: 8, maxLength: 8 }),
        (code) => {
          const typed = ` ${code.slice(0, 4).toLowerCase()} - ${code.slice(4)} `;
          expect(normalizePairingCode(typed)).toBe(code);
        },
      ),
    );
  });
});

describe('config', () => {
  it('reads the database name and swaps it', () => {
    expect(databaseUrl('mysql://u:p@db:3307/app')).toBe('mysql://u:p@db:3307/app');
    expect(databaseName('mysql://root@127.0.0.1:3306/tagtime')).toBe('tagtime');
    expect(withDatabase('mysql://u:p@db:3307/app?x=1', 'other')).toBe(
      'mysql://u:p@db:3307/other?x=1',
    );
    expect(() => databaseName('mysql://root@127.0.0.1/bad-name')).toThrow(
      'DATABASE_URL must name a database of letters, digits and _ (got "bad-name").',
    );
    expect(() => databaseName('not a url')).toThrow(/is not a URL like/);
  });

  it('has the same default database URL as the zero-dependency bootstrap', async () => {
    // scripts/db-ensure.mjs runs before anything is built, so it cannot import this package.
    const bootstrap = (await import(DB_ENSURE)) as { DEFAULT_DATABASE_URL: string };
    expect(bootstrap.DEFAULT_DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
  });
});
