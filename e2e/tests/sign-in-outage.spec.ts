// A sign-in while MariaDB is down, against a second real console whose MariaDB is reached
// through a TCP relay this test cuts: the answer (its URL, its page) must carry the code
// `unavailable`, never the driver's text (the SQL with password_hash, the typed address).
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request as http } from '@playwright/test';
import { AuthPages, newPerson } from '../pages/auth.js';
import { createAccount } from '../support/db.js';
import { ADMIN_TOKEN, DATABASE_URL, NEXTAUTH_SECRET, SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

const PORT = Number(process.env.E2E_OUTAGE_CONSOLE_PORT ?? 4731);
const CONSOLE = `http://127.0.0.1:${PORT}`;
const CONSOLE_DIR = fileURLToPath(new URL('../../console', import.meta.url));

interface Relay {
  url: string;
  cut(): Promise<void>;
}

/** MariaDB behind a relay on a free port; `cut()` ends its connections and stops listening. */
async function mariadbRelay(): Promise<Relay> {
  const target = new URL(DATABASE_URL);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 3306), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(DATABASE_URL);
  url.host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: url.toString(),
    cut: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function startConsole(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: CONSOLE_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      CONSOLE_PORT: String(PORT),
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: CONSOLE,
      NEXTAUTH_SECRET,
      ADMIN_TOKEN,
      LOG_SERVER_URL: SERVER_URL,
      RATE_LIMIT_EXEMPT: '127.0.0.1',
      REDIS_URL: '',
      MAIL_OUTBOX_PAGE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  await expect
    .poll(() => output, { timeout: 60_000, message: 'the second console listens' })
    .toContain('ready on');
  return child;
}

test('during a MariaDB outage sign-in answers "unavailable", never SQL or the address', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const person = newPerson('Outage');
  await createAccount(person);
  const relay = await mariadbRelay();
  const console2 = await startConsole(relay.url);
  try {
    const context = await browser.newContext({ baseURL: CONSOLE });
    const page = await context.newPage();
    const auth = new AuthPages(page);
    await auth.signIn(person);
    await expect(page).not.toHaveURL(/sign-in/);
    await context.clearCookies();

    await relay.cut();
    // As a script would: next-auth's answer names the error in its URL.
    const api = await http.newContext({ baseURL: CONSOLE });
    const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as {
      csrfToken: string;
    };
    const answer = await api.post('/api/auth/callback/credentials', {
      form: { email: person.email, password: person.password, csrfToken, json: 'true' },
      maxRedirects: 0,
    });
    const text = await answer.text();
    const { url } = JSON.parse(text) as { url: string };
    expect(new URL(url).searchParams.get('error')).toBe('unavailable');
    for (const leak of [/password_hash/i, /select/i, /\bfrom\b/i, /@/]) {
      expect(decodeURIComponent(text)).not.toMatch(leak);
    }
    await api.dispose();

    // In the browser: the form says to try later, with the code.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await auth.signIn(person);
      await expect(page.getByTestId('sign-in-form')).toContainText('(code: unavailable)');
      expect(page.url()).not.toMatch(/password_hash|select/i);
      await page.screenshot({ path: `test-results/screens/sign-in-unavailable-${width}.png` });
    }
    await context.close();
  } finally {
    console2.kill('SIGTERM');
    await relay.cut().catch(() => {});
  }
});
