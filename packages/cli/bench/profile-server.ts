// A long-running helper for profiling by hand (not part of `npm run bench`): starts the bench's
// server with the user of the first-sync rows (100,000 records of 3 other devices) and writes
// `count` fresh devices' pairing commands to `out`, one per line; stops on SIGTERM/SIGINT.
//   tsx --conditions=@tagtime/source bench/profile-server.ts /tmp/devices.txt 10
import { writeFileSync } from 'node:fs';
import {
  createTestDatabase,
  makeDevice,
  removeDir,
  startServer,
} from '../test/integration/harness.js';
import { pushOthers } from './first-sync.js';

const [out = '/tmp/tagtime-profile-devices.txt', count = '10'] = process.argv.slice(2);
const db = await createTestDatabase();
const server = await startServer(db.url, { port: Number(process.env.BENCH_PORT ?? 4211) });
const { userId } = await pushOthers(db, server);
const lines: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const { device, token } = await makeDevice(db, userId, `profile ${i}`);
  lines.push(`${device} ${token} ${server.url}`);
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`server at ${server.url}; ${count} devices in ${out}`);
const stop = async () => {
  await server.stop();
  await removeDir(server.dataDir);
  await db.drop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
