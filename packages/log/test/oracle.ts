// A deliberately naive reference for the view rules: walk the merged log once, in order, and
// apply each record to plain mutable state exactly as DESIGN.md words the rules.
import { expect } from 'vitest';
import { compareRecords, type LogRecord, type LogView } from '../src/index.js';

interface Candidate {
  device: string;
  t: number;
  tags: string[];
  note?: string;
  auto: boolean;
}

export function oracleView(records: readonly LogRecord[]) {
  const sorted = [...records].sort(compareRecords);
  const alive = new Map<number, Candidate[]>();
  const tagMeta = new Map<
    string,
    { t: number; device: string; category?: string; color?: string }
  >();
  const config = new Map<string, unknown>();
  const dedupe = (tags: string[]) => tags.filter((tag, i) => tags.indexOf(tag) === i);
  for (const r of sorted) {
    if (r.kind === 'ping') {
      const list = alive.get(r.body.ping) ?? [];
      const c: Candidate = {
        device: r.device,
        t: r.t,
        tags: [...r.body.tags],
        auto: r.body.auto === true,
      };
      if (r.body.note !== undefined) c.note = r.body.note;
      list.push(c);
      alive.set(r.body.ping, list);
    } else if (r.kind === 'command' && r.body.op === 'delete-ping') {
      alive.set(r.body.ping, []);
    } else if (r.kind === 'command' && r.body.op === 'rename-tag') {
      const { from, to } = r.body;
      for (const list of alive.values()) {
        for (const c of list) c.tags = dedupe(c.tags.map((tag) => (tag === from ? to : tag)));
      }
      const moved = tagMeta.get(from);
      if (moved) {
        tagMeta.delete(from);
        const there = tagMeta.get(to);
        if (!there || compareRecords(there, moved) < 0) tagMeta.set(to, moved);
      }
    } else if (r.kind === 'tag') {
      const meta: { t: number; device: string; category?: string; color?: string } = {
        t: r.t,
        device: r.device,
      };
      if (r.body.category !== undefined) meta.category = r.body.category;
      if (r.body.color !== undefined) meta.color = r.body.color;
      tagMeta.set(r.body.tag, meta);
    } else if (r.kind === 'config') {
      config.set(r.body.key, r.body.value);
    }
  }
  const answers = [...alive.entries()]
    .sort((x, y) => x[0] - y[0])
    .flatMap(([ping, list]) => {
      const humans = list.filter((c) => !c.auto);
      const pool = humans.length > 0 ? humans : list;
      const winner = pool[pool.length - 1];
      return winner ? [{ ping, ...winner }] : [];
    });
  const tags = [...tagMeta.keys()].sort().map((tag) => {
    const { category, color } = tagMeta.get(tag) ?? {};
    return {
      tag,
      ...(category !== undefined && { category }),
      ...(color !== undefined && { color }),
    };
  });
  return { answers, tags, config: Object.fromEntries([...config].sort()) };
}

/** The view's answers, tags and config are the reference walk's over the same records. */
export function expectOracleView(view: LogView, records: readonly LogRecord[]): void {
  const oracle = oracleView(records);
  const answers = view.answers().map(({ ping, device, t, tags, note, auto }) => ({
    ping,
    device,
    t,
    tags,
    auto,
    ...(note !== undefined && { note }),
  }));
  expect(answers).toEqual(oracle.answers);
  expect(view.tags()).toEqual(oracle.tags);
  expect({ ...view.config() }).toEqual(oracle.config);
}
