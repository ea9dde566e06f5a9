// Shared test helpers. Every test gets a page whose network traffic is
// recorded; any request to another origin fails the test (student data stays local).
import { test as base, expect, type Page } from '@playwright/test';

export const test = base.extend<{ foreignRequests: string[] }>({
  foreignRequests: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const foreign: string[] = [];
      context.on('request', (req) => {
        const url = req.url();
        if (url.startsWith('data:') || url.startsWith('blob:')) return;
        if (new URL(url).origin !== origin) foreign.push(url);
      });
      await use(foreign);
      expect(foreign, 'requests to other origins').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Open the lab (each test's browser context starts with empty storage), on the given section. */
export async function openLab(page: Page, section?: 'data' | 'model' | 'train' | 'inspect' | 'runs') {
  await page.goto('/');
  if (section) await page.getByTestId(`nav-${section}`).click();
}

export interface SummaryRowData {
  type: string;
  shape: string;
  params: number;
}

export async function summaryRows(page: Page): Promise<SummaryRowData[]> {
  return page.getByTestId('summary-row').evaluateAll((rows) =>
    rows.map((r) => ({
      type: r.getAttribute('data-layer-type') ?? '',
      shape: r.getAttribute('data-output-shape') ?? '',
      params: Number(r.getAttribute('data-params')),
    })),
  );
}
