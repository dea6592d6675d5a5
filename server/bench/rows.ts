import type { AttackPhase, AttackResult } from './attack.js';
import type { IngestResult } from './ingest.js';
import type { PullResult } from './pull.js';
import type { PushResult } from './push.js';
import { fmt, median } from './setup.js';
import { type RowDraft, rateRow } from './table.js';
import type { ReadLatency, ViewResult } from './view.js';

/** Streams the push row is meant to hold. */
export const STREAM_GOAL = 20_000;

/** The goals of the throughput rows, quiet and at the load the bench makes (see main.ts). */
export interface ThroughputGoals {
  ingest: number;
  pull: number;
}

export function ingestRows(
  ingest: IngestResult,
  goals: ThroughputGoals,
  phase: string,
): RowDraft[] {
  const rows = [
    rateRow(`ingest POST /v1/records, 1000-record batches, durable${phase}`, ingest.http, {
      name: 'raw LMDB puts',
      rates: ingest.lmdb,
      goal: goals.ingest,
    }),
  ];
  if (ingest.nats.length > 0) {
    rows.push(
      rateRow(`ingest POST /v1/records vs a JetStream publish${phase}`, ingest.http, {
        name: 'JetStream',
        rates: ingest.nats,
        goal: 1,
      }),
    );
  }
  return rows;
}

export function pullRows(pull: PullResult, goals: ThroughputGoals, phase: string): RowDraft[] {
  const scan = { name: 'raw LMDB range scan', rates: pull.scan };
  return [
    rateRow(`pull merged over 10 logs (HTTP, bytes)${phase}`, pull.http, {
      ...scan,
      goal: goals.pull,
    }),
    rateRow(`pull merged over 10 logs (SyncClient: JSON + validation)${phase}`, pull.client, scan),
  ];
}
/** The heavy user's read against the light user's, the same request in the same turns. */
function readRow(what: string, heavy: ReadLatency, light: ReadLatency): RowDraft {
  return {
    what,
    measured: `p95 ${fmt(heavy.server, 1)} ms (client ${fmt(heavy.client, 1)}; first ${fmt(heavy.coldServer, 1)})`,
    baseline: `1,000 records: p95 ${fmt(light.server, 1)} ms (client ${fmt(light.client, 1)})`,
    ratio: `${fmt(heavy.server / light.server, 2)}×`,
    goal: '≤ 100 ms',
    met: heavy.server <= 100,
  };
}

export function viewRows(view: ViewResult): RowDraft[] {
  const { heavy, light, catchUp } = view;
  const who = `${fmt(heavy.records)} records (${fmt(heavy.answers)} answers)`;
  return [
    readRow(`kept view read GET /v1/view, ${who}, server time`, heavy.view, light.view),
    readRow(`kept view read GET /v1/view/tags, ${who}, server time`, heavy.tags, light.tags),
    {
      what: `  kept view catch-up at open, ${fmt(catchUp.records)} records of ${catchUp.users} users`,
      measured: `${fmt((catchUp.records / catchUp.ms) * 1000)} rec/s`,
      baseline: `${fmt(catchUp.ms / 1000, 1)} s`,
      ratio: '',
      goal: '(shown)',
      met: undefined,
    },
  ];
}

/** A part of the push latency, loaded against the baseline (shown, no goal of its own). */
function partRow(what: string, push: PushResult, part: 'Append' | 'FromAck'): RowDraft {
  const p50 = `p50${part}` as const;
  const p99 = `p99${part}` as const;
  const { baseline, loaded } = push;
  return {
    what,
    measured: `p50 ${fmt(loaded[p50], 1)} ms, p99 ${fmt(loaded[p99], 1)} ms`,
    baseline: `p50 ${fmt(baseline[p50], 1)}, p99 ${fmt(baseline[p99], 1)} ms`,
    ratio: `${fmt(loaded[p99] / baseline[p99], 2)}×`,
    goal: '(shown)',
    met: undefined,
  };
}

export function pushRows(push: PushResult, workers: number, clients: number): RowDraft[] {
  const { baseline, loaded } = push;
  return [
    {
      what: `push append→event p99, ${fmt(loaded.streams)} streams (${workers} server workers, ${clients} client processes)`,
      measured: `p50 ${fmt(loaded.p50, 1)} ms, p99 ${fmt(loaded.p99, 1)} ms`,
      baseline: `${fmt(baseline.streams)} streams: p50 ${fmt(baseline.p50, 1)}, p99 ${fmt(baseline.p99, 1)} ms`,
      ratio: `${fmt(median(push.p99Ratios), 2)}×`,
      goal: `≤ 20 ms at ${fmt(STREAM_GOAL)}`,
      met: loaded.p99 <= 20 && loaded.streams >= STREAM_GOAL,
    },
    partRow('  the append until its answer (durable commit)', push, 'Append'),
    {
      what: "  a raw LMDB put of one record to `flushed` (the disk's floor)",
      measured: `p50 ${fmt(push.rawPut.p50, 1)} ms, p99 ${fmt(push.rawPut.p99, 1)} ms`,
      baseline: '(same rounds)',
      ratio: '',
      goal: '(shown)',
      met: undefined,
    },
    partRow(
      '  the answer until the event (notifier, fan-out, client; 0 if first)',
      push,
      'FromAck',
    ),
    {
      what: 'server memory per open stream (all server processes)',
      measured: `${fmt(push.kibPerStream, 1)} KiB (JS heap ${fmt(push.heapKibPerStream, 1)})`,
      baseline: `server with half the streams ${fmt(push.anonHalf / 1024)} MiB`,
      ratio: '',
      goal: '≤ 8 KiB',
      met: push.kibPerStream <= 8,
    },
  ];
}

/** Another user's heads p99 under one token's attack, against idle in the same rounds. */
function attackRow(what: string, phase: AttackPhase): RowDraft {
  const ratios = phase.attacked.map((attacked, i) => attacked.p99 / (phase.idle[i]?.p99 ?? 1));
  const ratio = median(ratios);
  const p50 = median(phase.attacked.map((l) => l.p50));
  const p99 = median(phase.attacked.map((l) => l.p99));
  const answers = Object.entries(phase.statuses)
    .map(([status, count]) => `${fmt(count)}× ${status}`)
    .join(', ');
  return {
    what: `${what} (attacker: ${answers})`,
    measured: `p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms`,
    baseline: `idle p50 ${fmt(median(phase.idle.map((l) => l.p50)), 1)}, p99 ${fmt(median(phase.idle.map((l) => l.p99)), 1)} ms`,
    ratio: `${fmt(ratio, 2)}× (rounds ${ratios.map((r) => fmt(r, 1)).join(', ')})`,
    goal: '≤ 2×',
    met: ratio <= 2,
  };
}

export function attackRows(attack: AttackResult): RowDraft[] {
  return [
    attackRow(
      "attack: 4 wide 1 MB appends in flight, one token; another user's heads p99",
      attack.wide,
    ),
    attackRow(
      "attack: 10 pull loops (pages of 10,000), one token; another user's heads p99",
      attack.pull,
    ),
  ];
}
