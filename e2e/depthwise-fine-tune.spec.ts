// MobileNetV2 fine-tuned from its second block trains on WASM in Chromium (cross-origin isolated, so tfjs-wasm's
// threaded build): the gradient crosses 16 depthwise layers, 4 of them stride 2, whose two gradient kernels
// tfjs-wasm 4.22 lacks and the lab registers (src/kernels/wasm/depthwise-backprop.ts). Before them this run
// stopped with "Kernel 'DepthwiseConv2dNativeBackpropInput' not registered for backend 'wasm'".
import { expect, openLab, test } from './fixtures';
import { dropMobileNetFixture, epochRows, mobileNetOnColourFolder } from './helpers';

test('MobileNetV2 0.35 fine-tuned from block_1_expand trains an epoch on WASM', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page, 'model');
  await dropMobileNetFixture(page);
  await mobileNetOnColourFolder(page, 'depthwise-fine-tune');
  await page.getByTestId('nav-model').click();
  await page.getByTestId('fine-tune-from-select').selectOption('block_1_expand');
  await expect(page.getByTestId('arch-error')).toHaveCount(0);

  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  const [epoch] = await epochRows(page);
  expect(epoch?.epoch).toBe(1);
  expect(Number.isFinite(epoch?.loss)).toBe(true);
  expect(Number.isFinite(epoch?.valLoss)).toBe(true);
});
