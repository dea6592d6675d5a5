import { expect, type Page } from '@playwright/test';

export const PHONE = { width: 390, height: 844 };

interface Offender {
  what: string;
  left: number;
  right: number;
}

/**
 * The page fits a phone: nothing makes it scroll sideways, and every visible control (buttons,
 * links, selects, inputs) lies within the screen's width, so no action hides off to the side.
 * Each enabled button must also take a click where it is (nothing covers it).
 */
export async function expectFitsPhone(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  // Toasts come and go over the content; the check is of the page itself, so they are hidden
  // while it runs rather than waited out (each stays for seconds).
  const hideToasts = await page.addStyleTag({
    content: '[data-sonner-toaster] { display: none !important; }',
  });
  const { scrollWidth, offenders } = await page.evaluate(() => {
    const width = window.innerWidth;
    const found: Offender[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(
      'button, a[href], select, input:not([type=hidden]), textarea',
    )) {
      const rect = element.getBoundingClientRect();
      // Screen-reader-only elements (1 px, clipped) and hidden ones are not on screen.
      if (rect.width <= 1 || rect.height <= 1) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      if (rect.left < -0.5 || rect.right > width + 0.5) {
        const label = element.dataset.testid ?? element.textContent?.trim().slice(0, 40) ?? '';
        found.push({
          what: `${element.tagName.toLowerCase()} ${label}`,
          left: rect.left,
          right: rect.right,
        });
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, offenders: found };
  });
  expect(offenders, `${name}: controls outside the screen`).toEqual([]);
  expect(scrollWidth, `${name}: the page scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  // An open dialog is where the actions are; the page behind it is inert.
  const dialog = page.getByRole('dialog');
  const scope = (await dialog.count()) > 0 ? dialog : page.locator('main');
  for (const button of await scope.locator('button:enabled').all()) {
    // A button can go while the loop runs (a re-render): what is gone is not checked.
    const box = await button.boundingBox({ timeout: 2000 }).catch(() => null);
    if (!box || box.width <= 1 || box.height <= 1 || !(await button.isVisible())) continue;
    await button.click({ trial: true, timeout: 10_000 });
  }
  await page.screenshot({ path: `test-results/screens/phone-${name}.png`, fullPage: true });
  await hideToasts.evaluate((style) => (style as Element).remove());
}
