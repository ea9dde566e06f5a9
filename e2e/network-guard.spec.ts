// The guard in fixtures.ts is what proves student data stays local, so it must
// itself be shown to catch requests, including those made from Web Workers.
import { test, expect, openLab } from './fixtures';

test('the network guard records requests to other origins, from pages and workers', async ({
  page,
  foreignRequests,
}) => {
  await openLab(page, 'model');
  await page.evaluate(async () => {
    await fetch('http://127.0.0.1:9/from-page').catch(() => undefined);
    const code = "fetch('http://127.0.0.1:9/from-worker').catch(() => undefined).finally(() => postMessage('done'))";
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    await new Promise((resolve) => (worker.onmessage = resolve));
    worker.terminate();
  });
  await expect.poll(() => foreignRequests.length).toBe(2);
  expect(foreignRequests).toEqual(['http://127.0.0.1:9/from-page', 'http://127.0.0.1:9/from-worker']);
  // Empty the list so this deliberate traffic does not fail the test afterwards.
  foreignRequests.splice(0);
});
