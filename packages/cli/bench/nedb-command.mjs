// The baseline: what `tagtime log` did before the LMDB store, on the same records — open the
// NeDB file (it loads everything) and fold the merged log. Argument: the NeDB file.
import { foldLog, mergeLogsSync } from '@tagtime/log';
import { NedbStore } from '../dist/store/nedb-store.js';

const store = await NedbStore.open(process.argv[2]);
const records = mergeLogsSync([await store.ownRecords(), await store.replicaRecords()]);
const answers = foldLog(records).answers();
process.stdout.write(`${answers.length} answers\n`);
process.exit(0);
