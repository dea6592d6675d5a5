import {
  foldLog,
  HALF_LIFE_SECONDS,
  type LogRecord,
  scoreAnswers,
  tagSnapshot,
  topTags,
} from '@tagtime/log';
import { decodeCompactLog } from '@tagtime/log/compact';
import { pingsBetween } from '@tagtime/ping';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../src/core/base64.js';
import { DEFAULT_CONFIG, isQuiet, parseClock } from '../src/core/config.js';
import { duePings, markAnswered, missedPings, newLedger } from '../src/core/ledger.js';
import { makePages } from '../src/core/pages.js';
import { PAGE_BYTES, readRequest } from '../src/core/protocol.js';
import { rankTags } from '../src/core/suggestions.js';
import { WATCH_DEVICE } from '../src/core/watch-log.js';

describe('base64', () => {
  it('round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromBase64(text)).toEqual(bytes);
      }),
    );
    expect(() => fromBase64('ab$=')).toThrow(RangeError);
  });
});

describe('quiet hours', () => {
  it('wrap past midnight in the watch zone', () => {
    const quiet = { start: parseClock('22:30') as number, end: parseClock('07:00') as number };
    const at = (h: number, m: number) => Date.UTC(2024, 0, 1, h, m) / 1000;
    expect(isQuiet(at(22, 30), quiet, 0)).toBe(true);
    expect(isQuiet(at(6, 59), quiet, 0)).toBe(true);
    expect(isQuiet(at(7, 0), quiet, 0)).toBe(false);
    expect(isQuiet(at(21, 0), quiet, 120)).toBe(true); // 23:00 two hours east
    expect(parseClock('24:00')).toBeUndefined();
  });
});

describe('missed pings and auto answers', () => {
  const now = 1_700_020_000;
  it('lists unanswered pings newest first and auto-answers those past the threshold', () => {
    const ledger = markAnswered(newLedger(1_699_990_000), 1_700_003_660);
    const all = pingsBetween(1_699_990_001, now + 1);
    const missed = missedPings(ledger, DEFAULT_CONFIG, now);
    expect(missed).toEqual(all.filter((p) => p !== 1_700_003_660).reverse());
    const config = { ...DEFAULT_CONFIG, autoAfterMinutes: 60 };
    const { due, ledger: after } = duePings(ledger, config, now);
    expect(due).toEqual(all.filter((p) => p <= now - 3600 && p !== 1_700_003_660));
    expect(after.handledUpTo).toBe(now - 3600);
    expect(missedPings(after, config, now)).toEqual(all.filter((p) => p > now - 3600).reverse());
    expect(duePings(after, config, now).due).toEqual([]);
  });
});

describe('tag suggestions', () => {
  it('rank by frequency and recency, and decayed scores carry over time', () => {
    const now = 1_700_000_000;
    const answers = [
      { ping: now - 100, tags: ['recent'] },
      { ping: now - 30 * 86400, tags: ['old'] },
      { ping: now - 31 * 86400, tags: ['old'] },
      { ping: now - 50, tags: ['afk', 'off', 'RETRO'], auto: true },
    ];
    expect(topTags(scoreAnswers(answers, now), 5).map(([t]) => t)).toEqual(['recent', 'old']);
    const later = now + HALF_LIFE_SECONDS;
    const snapshot = { asOf: now, tags: topTags(scoreAnswers(answers, now), 5), renames: [] };
    const direct = topTags(scoreAnswers(answers, later), 5).map(([t]) => t);
    expect(rankTags(snapshot, [], later)).toEqual(direct);
  });

  it('carry a snapshot from @tagtime/log to a later time as ranking the view then would', () => {
    const day = 86400;
    const records: LogRecord[] = Array.from({ length: 60 }, (_, i) => ({
      device: 'cli',
      t: (1_700_000_000 + i * 3600) * 1000,
      kind: 'ping',
      body: { ping: 1_700_000_000 + i * 3600, tags: [`t${(i * 7) % 11}`, `t${i % 3}`] },
    }));
    const view = foldLog(records);
    const asOf = 1_700_000_000 + 3 * day;
    const later = asOf + 9 * day;
    const ranked = topTags(scoreAnswers(view.answers(), later), 24).map(([tag]) => tag);
    expect(rankTags(tagSnapshot(view, asOf), [], later)).toEqual(ranked);
  });

  it('add the watch answers the phone has not seen, renamed', () => {
    const snapshot = {
      asOf: 1000,
      tags: [['work', 2] as [string, number]],
      renames: [['wrk', 'work'] as [string, string]],
    };
    const local = [1, 2, 3].map((i) => ({ ping: 1000 + i, tags: ['wrk', 'tea'] }));
    expect(rankTags(snapshot, local, 1010)).toEqual(['work', 'tea']);
  });
});

describe('push pages', () => {
  it('are standalone compact logs within the size limit, in order, with every record once', () => {
    const records = Array.from({ length: 400 }, (_, i) => ({
      device: WATCH_DEVICE,
      t: 1_700_000_000_000 + i * 60_000,
      kind: 'ping' as const,
      body: {
        ping: 1_700_000_000 + i * 60,
        tags: [`tag${i % 30}`, 'work'],
        note: 'n'.repeat(i % 7),
      },
    }));
    const pages = makePages(records);
    expect(pages.length).toBeGreaterThan(1);
    const back = pages.flatMap((page) => {
      const bytes = fromBase64(page.base64);
      expect(bytes.length).toBeLessThanOrEqual(PAGE_BYTES);
      return decodeCompactLog(bytes).records;
    });
    expect(back).toEqual(records);
    expect(pages.map((p) => p.more)).toEqual([...pages.slice(1).map(() => true), false]);
  });
});

describe('protocol requests', () => {
  it('check version, method and params', () => {
    expect(readRequest({ method: 'pull', params: { v: 1, unsynced: 3, acked: 5 } })).toEqual({
      method: 'pull',
      params: { v: 1, unsynced: 3, acked: 5 },
    });
    expect(readRequest({ method: 'push', params: { v: 3, page: '', count: 0 } })).toMatchObject({
      code: 'version',
    });
    expect(readRequest({ method: 'push', params: { v: 1 } })).toMatchObject({
      code: 'bad_request',
    });
    expect(readRequest({ method: 'nope', params: { v: 1 } })).toMatchObject({
      code: 'bad_request',
    });
    expect(readRequest(undefined)).toMatchObject({ code: 'bad_request' });
  });
});
