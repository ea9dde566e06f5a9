// The lab's WASM gradient kernels split their work across threads only in a
// cross-origin isolated browser (SharedArrayBuffer), so that split is checked
// here, in Chromium, against the tfjs CPU backend. Node's unit tests check the
// same kernels on one thread.
import { test, expect } from './fixtures';
import type { KernelCheckReply } from '../src/bench-page/protocol';

type BenchWindow = Window & { runKernelCheck: (threads: number) => Promise<KernelCheckReply> };

for (const threads of [1, 2]) {
  test(`the WASM gradient kernels match the CPU backend on ${threads} thread${threads > 1 ? 's' : ''}`, async ({ page }) => {
    await page.goto('/bench.html');
    await page.waitForSelector('body[data-bench-ready="true"]');
    const reply = await page.evaluate((t) => (window as unknown as BenchWindow).runKernelCheck(t), threads);
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.kernelThreads).toBe(threads);
    expect(reply.rows.length).toBeGreaterThanOrEqual(14);
    for (const row of reply.rows) expect(row.relativeError, `${row.kernel} on ${row.name}`).toBeLessThan(2e-5);
  });
}

test('without cross-origin isolation (a host without COOP/COEP) the kernels run on one thread, on plain memory', async ({ page }) => {
  // Serve every response without the two isolation headers, as a plain static host would.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await page.goto('/bench.html');
  await page.waitForSelector('body[data-bench-ready="true"]');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const reply = await page.evaluate(() => (window as unknown as BenchWindow).runKernelCheck(2));
  if (!reply.ok) throw new Error(reply.error);
  expect(reply.kernelThreads).toBe(1);
  for (const row of reply.rows) expect(row.relativeError, `${row.kernel} on ${row.name}`).toBeLessThan(2e-5);
});
