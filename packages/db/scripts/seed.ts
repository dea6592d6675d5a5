// npm run db:seed — writes the demo data (idempotent) and prints the demo sign-ins.
import { createDb } from '../src/client.js';
import { databaseName, databaseUrl } from '../src/config.js';
import { otpauthUri, seed } from '../src/seed/seed.js';
import { log, runCli } from './cli.js';

await runCli(async () => {
  const url = databaseUrl();
  const { db, close } = createDb(url);
  try {
    const result = await seed(db);
    log(`demo data is in database "${databaseName(url)}" (tenant ${result.tenantId}):`);
    for (const user of result.users) {
      log(`  ${user.role.padEnd(12)} ${user.email.padEnd(26)} password: ${user.password}`);
      if (user.totpSecret) {
        // Staff sign in with a second factor: add this key to an authenticator app.
        log(`  ${''.padEnd(12)} second factor (TOTP) secret: ${user.totpSecret}`);
        log(`  ${''.padEnd(12)} ${otpauthUri(user.email, user.totpSecret)}`);
      }
    }
    for (const device of result.devices) {
      log(`  device ${device.id} (${device.kind}) token: ${device.token}`);
    }
  } finally {
    await close();
  }
});
