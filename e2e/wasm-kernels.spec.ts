// The lab's WASM gradient kernels split their work across threads only in a
// cross-origin isolated browser (SharedArrayBuffer), so that split is checked
// here, in Chromium, against the tfjs CPU backend. Node's unit tests check the
// same kernels on one thread. Chromium has relaxed SIMD (since 114), so by
// default the relaxed build runs; the plain SIMD build is forced once.
import { test, expect } from './fixtures';
import type { KernelCheckReply, KernelSimd } from '../src/bench-page/protocol';

type BenchWindow = Window & { runKernelCheck: (threads: number, kernelSimd?: KernelSimd) => Promise<KernelCheckReply> };

const checks: { threads: number; force?: KernelSimd; runs: KernelSimd }[] = [
  { threads: 1, runs: 'relaxed' },
  { threads: 2, runs: 'relaxed' },
  { threads: 2, force: 'simd', runs: 'simd' },
];

for (const { threads, force, runs } of checks) {
  test(`the WASM gradient kernels (${runs} build${force ? ', forced' : ''}) match the CPU backend on ${threads} thread${threads > 1 ? 's' : ''}`, async ({
    page,
  }) => {
    await page.goto('/bench.html');
    await page.waitForSelector('body[data-bench-ready="true"]');
    const reply = await page.evaluate(([t, f]) => (window as unknown as BenchWindow).runKernelCheck(t, f), [
      threads,
      force,
    ] as const);
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.kernelThreads).toBe(threads);
    expect(reply.nativeKernels).toBe(runs);
    expect(reply.rows.length).toBeGreaterThanOrEqual(14);
    for (const row of reply.rows) expect(row.relativeError, `${row.kernel} on ${row.name}`).toBeLessThan(2e-5);
  });
}

test('without cross-origin isolation (a host without COOP/COEP) the kernels run on one thread, on plain memory', async ({
  page,
}) => {
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
