// The floor: a Node process that opens the same LMDB store and reads one key, and nothing else.
import { open } from 'lmdb';

const env = open({ path: process.argv[2], maxDbs: 10, noSubdir: false });
env.openDB({ name: 'meta' }).get('acked');
await env.close();
process.exit(0);
