// Opens a store after a simulated power loss, in a process of its own (a store whose synced
// state points at lost pages can abort LMDB's native code, which must not take the test runner
// down with it), and prints what it finds as one line of JSON: the verify report's problems and
// which of the expected records (read as JSON lines `[userId, device, t]` from stdin) are missing.
import { readFileSync } from 'node:fs';
import { LmdbLogStore } from '../../src/store/lmdb-store.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: check-store.ts DATA_DIR < expected');
const expected = readFileSync(0, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as [string, string, number]);
const store = new LmdbLogStore({ path });
const report = await store.verify();
const missing = expected.filter(([userId, device, t]) => !store.getRecord(userId, device, t));
await store.close();
console.log(JSON.stringify({ problems: report.problems, records: report.records, missing }));
