// `npm run bench:my-time -w @tagtime/console`: My time's data for a heavy user — 1,000,000
// records, two years of pings on the universal schedule answered from a watch and a phone, the
// rest errors and events — beside the same for a 1,000-record user, in one run. What is timed is
// the console's own code for the page: `readMyView` (the log server's kept view, GET /v1/view)
// and the report by day and by month (the page's default and widest periods); and the watch's tag snapshot (GET
// /v1/view/tags). Goal: p95 ≤ 100 ms. BENCH_RECORDS=100000 for a quick look.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncApi } from '@tagtime/client';
import { createDevice, createUser, type User } from '@tagtime/db';
import { createScratchDatabase } from '@tagtime/db/testing';
import type { LogRecord } from '@tagtime/log';
import { pingsBetween } from '@tagtime/ping';
import { LmdbLogStore } from '@tagtime/server/store';
import { type ServerProcess, startServerProcess } from '@tagtime/server/testing';
import { random, TAGS } from './seed';

const HEAVY = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const LIGHT = 1_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DAY = 24 * 60 * 60 * 1000;
const ADMIN_TOKEN = `bench-${Math.random().toString(36).slice(2)}-token`;
/**
 * One person's logs over `days` up to `end`: every ping of the universal schedule answered
 * (mostly on the watch, some on the phone, a few automatically), a rename each month, tag
 * colours, and errors and events on both devices up to `total` records in all.
 */
function personLogs(
  devices: { watch: string; phone: string },
  total: number,
  end: number,
  days: number,
): Map<string, LogRecord[]> {
  const next = random(total);
  const start = end - days * DAY;
  const byDevice = new Map<string, Map<number, LogRecord>>([
    [devices.watch, new Map()],
    [devices.phone, new Map()],
  ]);
  const put = (record: LogRecord) => {
    const log = byDevice.get(record.device) as Map<number, LogRecord>;
    while (log.has(record.t)) record.t += 1;
    log.set(record.t, record);
  };
  const pings = pingsBetween(Math.ceil(start / 1000), Math.floor(end / 1000) - 3600);
  const answers = Math.min(pings.length, Math.floor(total * 0.6));
  for (const ping of pings.slice(pings.length - answers)) {
    const device = next() < 0.8 ? devices.watch : devices.phone;
    const tags = [TAGS[Math.floor(next() * TAGS.length)] as string];
    if (next() < 0.3) tags.push(TAGS[Math.floor(next() * TAGS.length)] as string);
    const auto = next() < 0.03;
    const t = ping * 1000 + Math.floor(next() * 600_000);
    put({
      device,
      t,
      kind: 'ping',
      body: { ping, tags: [...new Set(tags)], ...(auto && { auto }) },
    });
  }
  for (let month = 0; month < days / 30; month++) {
    const t = start + month * 30 * DAY + 12 * 3_600_000;
    const from = TAGS[month % TAGS.length] as string;
    put({
      device: devices.phone,
      t,
      kind: 'command',
      body: { op: 'rename-tag', from, to: `${from}-${month}` },
    });
    put({ device: devices.phone, t: t + 1, kind: 'tag', body: { tag: from, color: '#3366cc' } });
  }
  let left = total - [...byDevice.values()].reduce((sum, log) => sum + log.size, 0);
  while (left > 0) {
    const device = next() < 0.7 ? devices.watch : devices.phone;
    const t = start + Math.floor(next() * (end - start));
    put(
      next() < 0.1
        ? { device, t, kind: 'error', body: { message: 'BLE disconnected' } }
        : { device, t, kind: 'event', body: { name: 'alarm-fired', data: { battery: t % 100 } } },
    );
    left -= 1;
  }
  return new Map(
    [...byDevice].map(([device, log]) => [device, [...log.values()].sort((a, b) => a.t - b.t)]),
  );
}

async function seed(
  store: LmdbLogStore,
  user: User,
  devices: { watch: string; phone: string },
  total: number,
): Promise<void> {
  const logs = personLogs(devices, total, Date.now() - DAY, 730);
  let done = 0;
  for (const [device, records] of logs) {
    for (let i = 0; i < records.length; i += 5000) {
      const outcome = await store.append(user.id, device, records.slice(i, i + 5000));
      if (!outcome.ok) throw new Error(`seeding ${device}: ${outcome.conflict.reason}`);
      done += Math.min(5000, records.length - i);
      if (total >= 100_000 && done % 100_000 < 5000) {
        process.stdout.write(`\rseeding ${Math.round((100 * done) / total)}%`);
      }
    }
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

async function timed(
  runs: number,
  { before, call }: { before?: () => Promise<unknown>; call: () => Promise<unknown> },
): Promise<number[]> {
  await before?.();
  await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const database = await createScratchDatabase({ prefix: 'tagtime_bench', freeMaxDevices: 100 });
  const dataDir = mkdtempSync(join(tmpdir(), 'tagtime-my-time-bench-'));
  let server: ServerProcess | undefined;
  try {
    const db = database.handle.db;
    const stamp = Date.now().toString(36);
    const people: Array<{
      label: string;
      user: User;
      token: string;
      watchId: string;
      total: number;
    }> = [];
    const store = new LmdbLogStore({ path: dataDir });
    const seedStarted = performance.now();
    for (const [label, total] of [
      ['1k', LIGHT],
      [HEAVY >= 1_000_000 ? `${HEAVY / 1_000_000}M` : `${HEAVY / 1000}k`, HEAVY],
    ] as const) {
      const user = await createUser(db, {
        email: `bench-${label}-${stamp}@example.test`,
        password: 'correct horse battery staple',
        name: `Bench ${label}`,
      });
      const watch = await createDevice(db, { userId: user.id, name: 'Wrist', kind: 'watch' });
      const phone = await createDevice(db, { userId: user.id, name: 'Pocket', kind: 'phone' });
      await seed(store, user, { watch: watch.device.id, phone: phone.device.id }, total);
      people.push({ label, user, token: watch.token, watchId: watch.device.id, total });
    }
    await store.close();
    console.log(
      `\rseeded ${LIGHT.toLocaleString('en-US')} and ${HEAVY.toLocaleString('en-US')} records through the store in ${fmt((performance.now() - seedStarted) / 1000)} s`,
    );

    const serverStarted = performance.now();
    server = await startServerProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      ADMIN_TOKEN,
      RATE_LIMIT_PER_TOKEN: '100000000',
    });
    console.log(`log server up in ${fmt((performance.now() - serverStarted) / 1000)} s`);
    Object.assign(process.env, {
      LOG_SERVER_URL: server.url,
      ADMIN_TOKEN,
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: `bench-${stamp}-secret-of-enough-length`,
    });
    // The console's own code for the page, as My time calls it.
    const { forgetKeptViews, readMyView } = await import('../src/lib/my-log');
    const { timeReport, startedAt } = await import('../src/app/(app)/my-time/time-report');

    console.log(
      `load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')} (${RUNS} runs each)`,
    );
    console.log('');
    console.log('read                                   user     p50 ms  p95 ms   goal   ÷ 1k p95');
    // Each person answers one more ping before each timed read (posted untimed, as their
    // watch would), so a read is never of an unchanged view; "first visit" reads it whole.
    const answered = new Map<string, number>();
    const answerOne = async (p: (typeof people)[number]) => {
      const t = Math.max(Date.now(), (answered.get(p.label) ?? 0) + 1);
      answered.set(p.label, t);
      const ping = Math.floor(t / 1000);
      const api = new SyncApi(server?.url as string, p.token);
      await api.postRecords([
        { device: p.watchId, t, kind: 'ping', body: { ping, tags: ['bench'] } },
      ]);
    };
    const report = (p: (typeof people)[number], period: 'day' | 'month', first: boolean) => ({
      before: async () => {
        await answerOne(p);
        if (first) forgetKeptViews();
      },
      call: async () => {
        const view = await readMyView(p.user);
        if (!view) throw new Error('no view');
        return timeReport(view, {
          period,
          timeZone: p.user.timeZone,
          now: Date.now(),
          since: startedAt(view, p.user.createdAt),
        });
      },
    });
    const rows: Array<{
      name: string;
      call: (p: (typeof people)[number]) => {
        before?: () => Promise<unknown>;
        call: () => Promise<unknown>;
      };
    }> = [
      { name: 'My time, first visit (view read whole)', call: (p) => report(p, 'day', true) },
      { name: 'My time, day report after an answer', call: (p) => report(p, 'day', false) },
      { name: 'My time, month report after an answer', call: (p) => report(p, 'month', false) },
      {
        name: "watch's tag snapshot (GET /v1/view/tags)",
        call: (p) => {
          const api = new SyncApi(server?.url as string, p.token);
          return { before: () => answerOne(p), call: () => api.getTagSnapshot() };
        },
      },
    ];
    let worst = 0;
    for (const row of rows) {
      let base = Number.NaN;
      for (const person of people) {
        const times = await timed(RUNS, row.call(person));
        const p95 = percentile(times, 95);
        if (person.total === LIGHT) base = p95;
        else worst = Math.max(worst, p95);
        console.log(
          `${row.name.padEnd(39)}${person.label.padStart(4)}  ${fmt(percentile(times, 50)).padStart(8)}${fmt(p95).padStart(8)}   ≤100  ${person.total === LIGHT ? '' : `${(p95 / base).toFixed(2)}×`.padStart(8)}`,
        );
      }
    }
    console.log('');
    console.log(
      `time is the console's own: the log server's answers (heads, then the view or what is new), LogView.from or apply, and the report; ${worst <= 100 ? 'every heavy p95 within the goal' : `GOAL MISSED: ${fmt(worst)} ms`}`,
    );
  } finally {
    await server?.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
