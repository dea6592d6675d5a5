// Cross-site request forgery from a same-site page: another port of the console's host is
// same-site, so SameSite=Lax sends the session cookie with its auto-submitted form. The import
// must refuse it (origin and content type), and the person's log stays empty.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthPages, newPerson } from '../pages/auth.js';
import { createAccount } from '../support/db.js';
import { ADMIN_TOKEN, CONSOLE_URL, SERVER_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

/** A page on another port of 127.0.0.1 that posts a TagTime line to the import on load. */
function attackerPage(pingSeconds: number): Promise<{ server: Server; url: string }> {
  // text/plain sends `name=value`: the line is the name, so the body is `<ping> attack=`.
  const html = `<!doctype html><form id="f" method="POST" enctype="text/plain"
    action="${CONSOLE_URL}/my-time/import"><input name="${pingSeconds} attack" value=""></form>
    <script>document.getElementById('f').submit()</script>`;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(html);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

async function heads(userId: string): Promise<Record<string, number>> {
  const response = await fetch(`${SERVER_URL}/service/v1/users/${userId}/heads`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { heads: Record<string, number> }).heads;
}

test('a same-site page cannot post an import into a signed-in person’s log', async ({ page }) => {
  const person = newPerson('Victim');
  const user = await createAccount(person);
  await new AuthPages(page).signIn(person);
  await expect(page).not.toHaveURL(/sign-in/);

  const attacker = await attackerPage(Math.floor(Date.now() / 1000) - 3600);
  try {
    const answered = page.waitForResponse((r) => r.url().endsWith('/my-time/import'));
    // Only until it commits: the post that follows is what counts.
    await page.goto(attacker.url, { waitUntil: 'commit' });
    const answer = await answered;
    // Give an import that was let through the time to reach the log server.
    await page.waitForTimeout(2000);
    expect(await heads(user.id)).toEqual({});
    expect(answer.status()).toBe(403);
  } finally {
    attacker.server.close();
  }

  // The same post from the console's own origin, but as a form would send it: refused too.
  const formLike = await page.request.post('/my-time/import', {
    headers: { origin: CONSOLE_URL, 'content-type': 'text/plain' },
    data: `${Math.floor(Date.now() / 1000) - 3600} attack`,
  });
  expect(formLike.status()).toBe(415);
  expect(await heads(user.id)).toEqual({});
});
