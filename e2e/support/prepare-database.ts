// Creates and migrates this run's database before the log server starts: Playwright starts its
// web servers before the global setup, and the server reports itself ready (`/healthz`) only once
// its database answers. The global setup's teardown drops it again.
//
// It also makes the Web Push service stand-in's certificates, which the log server must trust
// from its start (Node reads NODE_EXTRA_CA_CERTS once); pinger-push.spec.ts starts the stand-in
// with them.
import { mkdir, writeFile } from 'node:fs/promises';
import { createScratchDatabase } from '@tagtime/db/testing';
import { createTestCertificates } from '@tagtime/push-service';
import { DATABASE_URL, PUSH_CA_FILE, PUSH_CERTIFICATES_FILE, PUSH_DIR } from './env.js';

const certificates = await createTestCertificates();
await mkdir(PUSH_DIR, { recursive: true, mode: 0o700 });
await writeFile(PUSH_CERTIFICATES_FILE, JSON.stringify(certificates), { mode: 0o600 });
await writeFile(PUSH_CA_FILE, certificates.caPem);

// The plan catalogue is reference data every deployment writes (`npm run db:seed` does).
const database = await createScratchDatabase({ url: DATABASE_URL, plans: true });
await database.handle.close();
