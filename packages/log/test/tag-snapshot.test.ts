// The watch's tag snapshot: frecency over the view's answers, and the rename chain flattened for
// tags written after it, checked against the chain itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldLog,
  HALF_LIFE_SECONDS,
  type LogRecord,
  RenameChain,
  scoreAnswers,
  tagSnapshot,
} from '../src/index.js';

const TAGS = ['a', 'b', 'c', 'd'] as const;
const renamesArb = fc.array(fc.tuple(fc.constantFrom(...TAGS), fc.constantFrom(...TAGS)), {
  maxLength: 12,
});

/** The chain walked naively: each rename moves every name that ends at `from` on to `to`. */
function naiveLatest(renames: readonly [string, string][]): [string, string][] {
  const names = new Map<string, string>();
  for (const [from, to] of renames) {
    for (const [key, value] of names) if (value === from) names.set(key, to);
    names.delete(from);
    names.set(from, to);
  }
  return [...names];
}

describe('RenameChain.latestNames', () => {
  it('gives each renamed tag the name a tag written just before its last rename ends with', () => {
    fc.assert(
      fc.property(renamesArb, (renames) => {
        const chain = new RenameChain();
        for (const [i, [from, to]] of renames.entries()) {
          chain.add({ device: 'w', t: 10 * (i + 1) }, from, to);
        }
        const latest = chain.latestNames();
        expect(latest).toEqual(naiveLatest(renames));
        for (const [tag, name] of latest) {
          const last = renames.map(([from]): string => from).lastIndexOf(tag);
          expect(name).toBe(chain.rename({ device: 'w', t: 10 * (last + 1) - 1 }, tag));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('tagSnapshot', () => {
  const BASE = 1_700_000_000_000;
  const records: LogRecord[] = [
    { device: 'w', t: BASE, kind: 'ping', body: { ping: 1_699_000_000, tags: ['old', 'work'] } },
    { device: 'w', t: BASE + 1, kind: 'ping', body: { ping: 1_699_900_000, tags: ['work'] } },
    {
      device: 'w',
      t: BASE + 2,
      kind: 'ping',
      body: { ping: 1_699_950_000, tags: ['sleep'], auto: true },
    },
    {
      device: 'p',
      t: BASE + 3,
      kind: 'command',
      body: { op: 'rename-tag', from: 'work', to: 'job' },
    },
  ];

  it('ranks the shown answers by frecency, renames applied, auto answers left out', () => {
    const asOf = 1_700_000_000;
    const snapshot = tagSnapshot(foldLog(records), asOf);
    const week = (seconds: number) => 2 ** (-seconds / HALF_LIFE_SECONDS);
    expect(snapshot.asOf).toBe(asOf);
    expect(snapshot.tags.map(([tag]) => tag)).toEqual(['job', 'old']);
    expect(snapshot.tags[0]?.[1]).toBeCloseTo(week(1_000_000) + week(100_000), 3);
    expect(snapshot.renames).toEqual([['work', 'job']]);
    expect(scoreAnswers([], asOf).size).toBe(0);
  });
});
