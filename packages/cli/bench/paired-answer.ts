// The paired answer row: `tagtime answer` as a process, in a store of 100,000 records paired
// with a real server on 127.0.0.1, so each answer is saved and pushed; against `node -e ''`
// (Node's own start-up, which no command can beat) and a bare Node process that opens the same
// LMDB store, measured in turn with it.
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import { pingsBetween } from '@tagtime/ping';
import { emptyMeasure, type Measure, measure, RUNS, row } from './measure.js';

/** Each answer answers a ping of its own, 30 s after it rang (on time: no late-answer event). */
export function pairedAnswerRows(
  home: string,
  records: readonly LogRecord[],
  main: string,
  rssFile: string,
  tag: string,
): void {
  // After the last record (each call has a home of its own, so its own device clock).
  const from = Math.floor((records.at(-1) as LogRecord).t / 1000) + 86_400;
  const pings = pingsBetween(from, from + 86_400 * 7).slice(0, RUNS * 3);
  const node = emptyMeasure();
  const floor = emptyMeasure();
  const answer = emptyMeasure();
  const add = (to: Measure, m: Measure) => {
    to.ms.push(...m.ms);
    to.rssMiB.push(...m.rssMiB);
    to.load.push(...m.load);
  };
  // In turn, so that a change of load touches the command and its floors alike.
  for (let i = 0; i < RUNS; i++) {
    add(node, measure(['-e', ''], {}, rssFile, 1));
    add(
      floor,
      measure([join(import.meta.dirname, 'lmdb-floor.mjs'), join(home, 'store')], {}, rssFile, 1),
    );
    const ping = pings[i] as number;
    const env = { TAGTIME_HOME: home, TAGTIME_NOW: String(ping + 30) };
    add(answer, measure([main, 'answer', String(ping), 'work'], env, rssFile, 1));
  }
  console.log(
    `\npaired tagtime answer (${tag}): 100,000 records, saved and pushed (${RUNS} runs):`,
  );
  console.log(row("floor: node -e ''", node));
  console.log(row('floor: node + open LMDB, one read', floor, node, "the node -e '' floor"));
  console.log(row('tagtime answer (paired: pushes)', answer, node, "the node -e '' floor"));
}
