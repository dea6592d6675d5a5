// `npm run bench -w @tagtime/ping`: the cost of nextPing(now) from cold (a fresh schedule: binary
// search in the checkpoint table, then at most 2048 steps) and warm (the schedule's cursor is
// near), against the naive walk from URPING, all measured in this run.
import { Bench } from 'tinybench';
import { createSchedule, GAP, SEED, stepPing, URPING } from '../src/index.js';

const now = Math.floor(Date.now() / 1000);

function naiveNextPing(t: number): number {
  let state = { ping: URPING, seed: SEED };
  while (state.ping <= t) state = stepPing(state, GAP);
  return state.ping;
}

const expected = naiveNextPing(now);
const warm = createSchedule();
let warmT = now;
let sink = 0;

const bench = new Bench({ time: 1000, warmupTime: 200 });
bench
  .add('naive walk from URPING', () => {
    sink += naiveNextPing(now);
  })
  .add('nextPing(now) cold (fresh schedule)', () => {
    sink += createSchedule().nextPing(now);
  })
  .add('nextPing(now) warm (same schedule, time moving on)', () => {
    warmT += 37;
    sink += warm.nextPing(warmT);
  });

if (createSchedule().nextPing(now) !== expected) throw new Error('cold result differs from walk');
await bench.run();

const mean = (name: string): number => {
  const task = bench.getTask(name);
  const latency = task?.result && 'latency' in task.result ? task.result.latency.mean : undefined;
  if (latency === undefined) throw new Error(`no result for ${name}`);
  return latency; // milliseconds
};
const naive = mean('naive walk from URPING');
console.log(`nextPing(${now}) = ${expected}; sink ${sink > 0 ? 'ok' : '?'}`);
for (const task of bench.tasks) {
  const ms = mean(task.name);
  console.log(
    `${task.name.padEnd(52)} ${(ms * 1000).toFixed(2).padStart(10)} µs/op   ${(naive / ms).toFixed(1).padStart(8)}× the naive walk`,
  );
}
