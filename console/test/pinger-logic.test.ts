// The pinger's rules that need no browser: which pings are open, how chips rank and filter,
// and failures in words.
import { OfflineError, SyncError } from '@tagtime/client';
import type { Answer } from '@tagtime/log';
import { scheduleNamed } from '@tagtime/ping';
import { WebStoreError } from '@tagtime/web-store';
import { describe, expect, it } from 'vitest';
import { browserDeviceName } from '@/lib/pinger/device-name';
import { OPEN_WINDOW_SECONDS, openPings } from '@/lib/pinger/pending';
import { describeProblem } from '@/lib/pinger/problems';
import { completeWith, filterTags, lastHumanTags, rankTags, typedTags } from '@/lib/pinger/tags';

const universal = scheduleNamed('universal');
const answer = (ping: number, tags: string[], auto = false): Answer =>
  ({ ping, tags, device: 'd', t: ping * 1000, ...(auto ? { auto: true } : {}) }) as Answer;

describe('open pings', () => {
  it('are the pings after the last asked, up to now, that nobody answered', () => {
    // Pings in [1700000000, 1700020000): 1700003368, 1700003660, 1700009822, 1700013932, …
    const open = openPings(universal, 1700000000, 1700013932, (p) => p === 1700003660);
    expect(open).toEqual([1700003368, 1700009822, 1700013932]);
    expect(openPings(universal, 1700013932, 1700013932, () => false)).toEqual([]);
  });

  it('look back a week at most', () => {
    const now = 1700013932;
    const open = openPings(universal, 0, now, () => false);
    expect(open[0]).toBeGreaterThanOrEqual(now - OPEN_WINDOW_SECONDS);
    expect(open.at(-1)).toBe(now);
  });
});

describe('tag chips', () => {
  const now = 1700100000;
  const answers = [
    answer(now - 20 * 86400, ['old', 'old2']),
    answer(now - 3600, ['work']),
    answer(now - 7200, ['work', 'code']),
    answer(now - 60, ['afk', 'off', 'RETRO'], true),
  ];

  it('rank by recency and frequency; automatic answers do not count', () => {
    expect(rankTags(answers, now)).toEqual(['work', 'code', 'old', 'old2']);
  });

  it('repeat the last answer a person gave', () => {
    const byPing = [...answers].sort((a, b) => a.ping - b.ping);
    expect(lastHumanTags(byPing)).toEqual(['work']);
    expect(lastHumanTags([answer(1, ['x'], true)])).toBeUndefined();
  });

  it('filter by the word typed, prefixes first, leaving out tags already typed', () => {
    const ranked = ['work', 'code', 'network', 'walk'];
    expect(filterTags(ranked, 'w')).toEqual(['work', 'walk', 'network']);
    expect(filterTags(ranked, 'work ')).toEqual(['code', 'network', 'walk']);
    expect(filterTags(ranked, 'work co')).toEqual(['code']);
    expect(completeWith('work co', 'code')).toBe('work code ');
    expect(typedTags('  a b  a ')).toEqual(['a', 'b']);
  });
});

describe('problems in words', () => {
  it('say offline, revoked and refused, and keep the answers', () => {
    expect(describeProblem(new OfflineError('x'))).toMatchObject({ kind: 'offline' });
    const revoked = describeProblem(new SyncError('no', 401, 'unauthorized'));
    expect(revoked.kind).toBe('revoked');
    expect(revoked.words).toMatch(/revoked.*kept in this browser/);
    expect(describeProblem(new SyncError('bad', 409, 'conflict'))).toMatchObject({
      kind: 'refused',
    });
    expect(describeProblem(new WebStoreError('full', 'No room.'))).toEqual({
      kind: 'storage',
      words: 'No room.',
    });
  });
});

describe('browser names', () => {
  it('name the browser and the system', () => {
    expect(
      browserDeviceName(
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
    expect(
      browserDeviceName(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(
      browserDeviceName('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toBe('Firefox on Linux');
  });
});
