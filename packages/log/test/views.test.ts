import { describe, expect, it } from 'vitest';
import { type Answer, canonicalJson, foldLog, type LogRecord, LogView } from '../src/index.js';

const P1 = 1700003368;
const P2 = 1700003660;
const T = 1700004000000;

const answer = (
  device: string,
  t: number,
  ping: number,
  tags: string[],
  extra = {},
): LogRecord => ({
  device,
  t,
  kind: 'ping',
  body: { ping, tags, ...extra },
});
const rename = (device: string, t: number, from: string, to: string): LogRecord => ({
  device,
  t,
  kind: 'command',
  body: { op: 'rename-tag', from, to },
});
const del = (device: string, t: number, ping: number): LogRecord => ({
  device,
  t,
  kind: 'command',
  body: { op: 'delete-ping', ping },
});
const shown = (view: LogView, ping: number) => {
  const a = view.answer(ping);
  return a && { tags: a.tags, auto: a.auto, by: `${a.device}:${a.t}` };
};

describe('answers', () => {
  it('a person beats any automatic answer, even a later one', () => {
    const view = foldLog([
      answer('phone', T, P1, ['work']),
      answer('watch', T + 10, P1, ['afk', 'off'], { auto: true }),
    ]);
    expect(shown(view, P1)).toEqual({ tags: ['work'], auto: false, by: `phone:${T}` });
  });

  it('among answers of the same sort the latest in merged order wins; ties go to the larger device id', () => {
    const view = foldLog([
      answer('b', T, P1, ['one']),
      answer('a', T + 5, P1, ['two']),
      answer('a', T + 1, P2, ['x'], { auto: true }),
      answer('b', T + 1, P2, ['y'], { auto: true }),
    ]);
    expect(shown(view, P1)?.tags).toEqual(['two']);
    expect(shown(view, P2)).toEqual({ tags: ['y'], auto: true, by: `b:${T + 1}` });
  });

  it('delete-ping removes the answers before it, not one given after it', () => {
    const before = foldLog([answer('a', T, P1, ['work']), del('b', T + 1, P1)]);
    expect(before.answer(P1)).toBeUndefined();
    expect(before.answers()).toEqual([]);
    before.add(answer('c', T + 2, P1, ['eat']));
    expect(shown(before, P1)?.tags).toEqual(['eat']);
  });

  it('a late delete that sorts after the current winner removes it (arrival does not matter)', () => {
    const view = foldLog([answer('a', T, P1, ['work']), answer('a', T + 10, P2, ['x'])]);
    expect(view.answers().map((a) => a.ping)).toEqual([P1, P2]);
    view.add(del('offline', T + 5, P1));
    expect(view.answers().map((a) => a.ping)).toEqual([P2]);
  });

  it('rename-tag renames answers before it only', () => {
    const view = foldLog([
      answer('a', T, P1, ['wrk', 'code']),
      rename('a', T + 1, 'wrk', 'work'),
      answer('a', T + 2, P2, ['wrk']),
    ]);
    expect(shown(view, P1)?.tags).toEqual(['work', 'code']);
    expect(shown(view, P2)?.tags).toEqual(['wrk']);
  });

  it("renames an offline device's older answer that arrives after the command", () => {
    const view = foldLog([rename('phone', T + 100, 'wrk', 'work')]);
    view.add(answer('watch', T, P1, ['wrk'])); // written before the rename, synced after it
    expect(shown(view, P1)?.tags).toEqual(['work']);
  });

  it('chains renames A→B then B→C, and merges tags that become equal', () => {
    const view = foldLog([
      answer('a', T, P1, ['A', 'C']),
      rename('a', T + 1, 'A', 'B'),
      answer('a', T + 2, P2, ['A', 'B']),
      rename('a', T + 3, 'B', 'C'),
    ]);
    expect(shown(view, P1)?.tags).toEqual(['C']);
    expect(shown(view, P2)?.tags).toEqual(['A', 'C']);
  });
});

describe('answers are shared snapshots', () => {
  it('are frozen, so a caller cannot change what the next caller sees', () => {
    const view = foldLog([answer('a', T, P1, ['work'])]);
    const first = view.answers()[0] as Answer;
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => first.tags.push('x')).toThrow(TypeError);
    expect(view.answers()[0]?.tags).toEqual(['work']);
  });
});

describe('tags and config', () => {
  it('latest tag metadata wins, and a rename carries it to the new name', () => {
    const view = foldLog([
      { device: 'a', t: T + 2, kind: 'tag', body: { tag: 'wrk', color: '#00f' } },
      { device: 'a', t: T, kind: 'tag', body: { tag: 'wrk', category: 'job' } },
      { device: 'a', t: T + 1, kind: 'tag', body: { tag: 'eat' } },
      rename('a', T + 3, 'wrk', 'work'),
      { device: 'b', t: T + 4, kind: 'tag', body: { tag: 'wrk', category: 'typo' } },
    ]);
    expect(view.tags()).toEqual([
      { tag: 'eat' },
      { tag: 'work', color: '#00f' },
      { tag: 'wrk', category: 'typo' },
    ]);
  });

  it('the latest value of a config key wins, whatever the arrival order', () => {
    const view = new LogView();
    view.add({ device: 'b', t: T + 5, kind: 'config', body: { key: 'schedule', value: 'ttw' } });
    view.add({ device: 'a', t: T, kind: 'config', body: { key: 'schedule', value: 'universal' } });
    view.add({ device: 'a', t: T + 1, kind: 'config', body: { key: 'quiet', value: [22, 7] } });
    expect({ ...view.config() }).toEqual({ schedule: 'ttw', quiet: [22, 7] });
    expect(view.configValue('schedule')).toBe('ttw');
    expect(view.schedule().kind).toBe('ttw');
  });

  it('falls back to the universal schedule for an unknown schedule name', () => {
    const view = foldLog([
      { device: 'a', t: T, kind: 'config', body: { key: 'schedule', value: 'hourly' } },
    ]);
    expect(view.schedule().kind).toBe('universal');
  });
});

describe('errors and events', () => {
  it('counts per device, kind and local day', () => {
    // 2023-11-15 04:30 UTC is still 2023-11-14 in New York.
    const late = Date.UTC(2023, 10, 15, 4, 30);
    const next = Date.UTC(2023, 10, 15, 12);
    const view = foldLog(
      [
        { device: 'w', t: late, kind: 'error', body: { message: 'flash full' } },
        { device: 'w', t: late + 1, kind: 'event', body: { name: 'alarm' } },
        { device: 'w', t: late + 2, kind: 'event', body: { name: 'sync' } },
        { device: 'w', t: next, kind: 'event', body: { name: 'alarm' } },
        { device: 'p', t: next, kind: 'error', body: { message: 'offline' } },
      ],
      { timeZone: 'America/New_York' },
    );
    expect(view.diagnostics()).toEqual([
      { device: 'p', kind: 'error', day: '2023-11-15', count: 1 },
      { device: 'w', kind: 'error', day: '2023-11-14', count: 1 },
      { device: 'w', kind: 'event', day: '2023-11-14', count: 2 },
      { device: 'w', kind: 'event', day: '2023-11-15', count: 1 },
    ]);
  });
});

describe('duplicates and conflicts', () => {
  it('ignores a resent record, and any other at or below its device’s head', () => {
    const work = answer('a', T, P1, ['work']);
    const view = new LogView();
    expect(view.add(work)).toBe('added');
    expect(view.add({ ...work })).toBe('duplicate');
    expect(view.add(answer('a', T, P1, ['eat']))).toBe('duplicate');
    expect(view.add(answer('a', T - 1, P2, ['eat']))).toBe('duplicate');
    expect(view.add(answer('b', T - 1, P2, ['eat']))).toBe('added');
    expect(view.size).toBe(2);
    expect(shown(view, P1)?.tags).toEqual(['work']);
    expect(view.heads()).toEqual({ a: T, b: T - 1 });
  });

  it('of copies of one id in one fold keeps the smaller canonical JSON, whatever the order', () => {
    const id = { device: 'a', t: T + 1 };
    const copies: LogRecord[] = [
      { ...id, kind: 'command', body: { op: 'rename-tag', from: 'work', to: 'job' } },
      { ...id, kind: 'command', body: { op: 'delete-ping', ping: P1 } },
      { ...id, kind: 'config', body: { key: 'schedule', value: 'ttw' } },
      { ...id, kind: 'error', body: { message: 'x' } },
      { ...id, kind: 'tag', body: { tag: 'work', color: '#f00' } },
    ];
    const base = [answer('a', T, P1, ['work'])];
    for (const winner of copies) {
      for (const loser of copies) {
        if (loser === winner) continue;
        const view = foldLog([...base, loser, winner]);
        const smaller = canonicalJson(winner) < canonicalJson(loser) ? winner : loser;
        const kept = foldLog([...base, smaller]);
        expect(view.state()).toEqual(kept.state());
        expect(view.answers()).toEqual(kept.answers());
        expect(view.tags()).toEqual(kept.tags());
        expect({ ...view.config() }).toEqual({ ...kept.config() });
        expect(view.diagnostics()).toEqual(kept.diagnostics());
      }
    }
  });
});

describe('the README example', () => {
  it('renames only earlier answers, including one that arrives late', () => {
    const view = foldLog([
      { device: 'watch', t: 1000, kind: 'ping', body: { ping: 1700003368, tags: ['wrk'] } },
      {
        device: 'phone',
        t: 2000,
        kind: 'command',
        body: { op: 'rename-tag', from: 'wrk', to: 'work' },
      },
      { device: 'phone', t: 3000, kind: 'ping', body: { ping: 1700003660, tags: ['wrk'] } },
    ]);
    expect(view.answers().map((a) => a.tags)).toEqual([['work'], ['wrk']]);
    const kept = JSON.stringify(view.state());
    const later = LogView.from(JSON.parse(kept));
    later.apply([
      { device: 'watch', t: 1500, kind: 'ping', body: { ping: 1700009822, tags: ['wrk'] } },
    ]);
    expect(later.answer(1700009822)?.tags).toEqual(['work']);
  });
});
