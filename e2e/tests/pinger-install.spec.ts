// The pinger installs: the page links a web app manifest that the production console serves
// without a session (browsers fetch manifests without cookies), standalone and in the pinger's
// scope, and every icon it names is a PNG of the size it claims.
import { request } from '@playwright/test';
import { AuthPages, newPerson } from '../pages/auth.js';
import { PingerPage } from '../pages/pinger.js';
import { createAccount } from '../support/db.js';
import { CONSOLE_URL } from '../support/env.js';
import { expect, test } from '../support/test.js';

interface Manifest {
  id: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test('the pinger links a manifest served without a session, with its icons', async ({ page }) => {
  const person = newPerson('Install');
  await createAccount(person);
  await new AuthPages(page).signIn(person);
  await expect(page).not.toHaveURL(/sign-in/);
  const pinger = new PingerPage(page);
  await pinger.open();

  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/pinger/manifest.webmanifest');
  const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect(appleIcon).toBeTruthy();

  // A client with no cookies, as the browser's manifest fetch is.
  const anonymous = await request.newContext({ baseURL: CONSOLE_URL });
  const answer = await anonymous.get(href as string, { maxRedirects: 0 });
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await answer.json()) as Manifest;
  expect(manifest).toMatchObject({
    id: '/pinger',
    start_url: '/pinger',
    scope: '/pinger',
    display: 'standalone',
  });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
  // Install prompts want a 192 and a 512 icon, and a maskable one for Android's shapes.
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
    expect.arrayContaining(['192x192', '512x512']),
  );
  expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
  for (const icon of [...manifest.icons, { src: appleIcon as string, sizes: '', type: '' }]) {
    const image = await anonymous.get(icon.src, { maxRedirects: 0 });
    expect(image.status(), icon.src).toBe(200);
    expect(image.headers()['content-type'], icon.src).toBe('image/png');
    const size = pngSize(await image.body());
    if (icon.sizes) expect(size, icon.src).toBe(icon.sizes);
  }
  await anonymous.dispose();

  // The page's policy lets the browser fetch it (the manifest and the icons are this origin's).
  const policy = (await page.request.get('/pinger')).headers()['content-security-policy'] ?? '';
  expect(policy).toContain("manifest-src 'self'");
  expect(policy).toContain("img-src 'self'");
});
