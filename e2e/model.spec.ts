import { test, expect, openLab, summaryRows } from './fixtures';

const PRESETS = [
  { id: 'mnist-convnet', total: '104,202', height: 28, rows: 7, dense: 11_530 },
  { id: 'mnist-no-pool', total: '712,202', height: 28, rows: 5, dense: 619_530 },
  { id: 'mnist-dense', total: '407,050', height: 28, rows: 3, dense: 5_130 },
  { id: 'catsdogs-naive', total: '991,041', height: 180, rows: 12, dense: 12_545 },
  { id: 'catsdogs-augmented', total: '991,041', height: 180, rows: 16, dense: 12_545 },
];

test('each preset shows the Keras summary and total', async ({ page }) => {
  await openLab(page, 'model');
  // The first visit starts from the chapter's first convnet.
  await expect(page.getByTestId('preset-select')).toHaveValue('mnist-convnet');
  await expect(page.getByTestId('summary-total-params')).toContainText('104,202 (407.04 KB)');
  for (const p of PRESETS) {
    await page.getByTestId('preset-select').selectOption(p.id);
    await expect(page.getByTestId('summary-total-params')).toContainText(p.total);
    await expect(page.getByTestId('input-height')).toHaveValue(String(p.height));
    const rows = await summaryRows(page);
    expect(rows).toHaveLength(p.rows);
    expect(rows.at(-1)).toMatchObject({ type: 'Dense', params: p.dense });
    await expect(page.getByTestId('arch-error')).toHaveCount(0);
  }
  await page.getByTestId('preset-select').selectOption('mnist-convnet');
  expect((await summaryRows(page)).slice(0, 3)).toEqual([
    { type: 'Conv2D', shape: 'None,26,26,32', params: 320 },
    { type: 'MaxPooling2D', shape: 'None,13,13,32', params: 0 },
    { type: 'Conv2D', shape: 'None,11,11,64', params: 18_496 },
  ]);
  await page.getByTestId('preset-select').selectOption('catsdogs-naive');
  await expect(page.getByTestId('summary-total-params')).toHaveText('991,041 (3.78 MB)');
});

test('build a model by hand: add, edit, reorder, undo, redo', async ({ page }) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mnist-dense');
  await expect(page.getByTestId('summary-row')).toHaveCount(3);

  // Add a Conv2D at the start and give it 8 filters of 5x5.
  await page.getByTestId('add-layer-type').selectOption('Conv2D');
  await page.getByTestId('add-layer-position').selectOption('0');
  await page.getByTestId('add-layer-button').click();
  const conv = page.getByTestId('layer-card').first();
  await expect(conv).toHaveAttribute('data-layer-type', 'Conv2D');
  await conv.getByTestId('param-filters').fill('8');
  await conv.getByTestId('param-kernel_size').fill('5');
  await conv.getByTestId('param-kernel_size').press('Tab');
  let rows = await summaryRows(page);
  expect(rows[0]).toEqual({ type: 'Conv2D', shape: 'None,24,24,8', params: 5 * 5 * 8 + 8 });
  expect(rows[1]).toMatchObject({ type: 'Flatten', shape: 'None,4608' });
  await expect(page.getByTestId('preset-select')).toHaveValue('');

  // An invalid value is refused inline and does not reach the model.
  await conv.getByTestId('param-filters').fill('0');
  await expect(conv.getByRole('alert')).toContainText('filters must be between 1');
  expect((await summaryRows(page))[0]!.params).toBe(208);
  await conv.getByTestId('param-filters').fill('8');

  // Add a MaxPooling2D after the conv with the keyboard: Alt+ArrowUp moves it into place.
  await expect(page.getByTestId('add-layer-position')).toHaveValue('1');
  await page.getByTestId('add-layer-type').selectOption('MaxPooling2D');
  await page.getByTestId('add-layer-position').selectOption('end');
  await page.getByTestId('add-layer-button').click();
  const pool = page.getByTestId('layer-card').last();
  await expect(pool).toHaveAttribute('data-layer-type', 'MaxPooling2D');
  await expect(page.getByTestId('arch-error')).toBeVisible(); // the model no longer ends with Dense
  for (let i = 0; i < 3; i++) {
    await page.locator('[data-testid=layer-card][data-layer-type=MaxPooling2D]').focus();
    await page.keyboard.press('Alt+ArrowUp');
  }
  await expect(page.getByTestId('arch-error')).toHaveCount(0);
  rows = await summaryRows(page);
  expect(rows.map((r) => r.type)).toEqual(['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
  expect(rows[1]!.shape).toBe('None,12,12,8');

  // Drag the pooling layer below Flatten and back with the mouse.
  const handle = page.locator('[data-testid=layer-card][data-layer-type=MaxPooling2D] [data-testid=drag-handle]');
  await handle.dragTo(page.locator('[data-testid=layer-card][data-layer-type=Dense]').first(), {
    targetPosition: { x: 20, y: 4 },
  });
  expect((await summaryRows(page)).map((r) => r.type)).toEqual(['Conv2D', 'Flatten', 'MaxPooling2D', 'Dense', 'Dense']);
  await expect(page.getByTestId('arch-error')).toContainText('image-shaped input');

  // Undo the drag, then redo and undo again with the keyboard shortcut.
  await page.getByTestId('undo-button').click();
  expect((await summaryRows(page)).map((r) => r.type)).toEqual(['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
  await page.getByTestId('redo-button').click();
  await expect(page.getByTestId('arch-error')).toBeVisible();
  await page.locator('body').press('Control+z');
  await expect(page.getByTestId('arch-error')).toHaveCount(0);

  // Duplicate and remove; removal can be undone from the notice.
  await page.locator('[data-testid=layer-card][data-layer-type=Conv2D] [data-testid=duplicate-layer]').click();
  await expect(page.locator('[data-testid=summary-row][data-layer-name=conv2d_1]')).toHaveAttribute(
    'data-output-shape',
    'None,20,20,8',
  );
  await page.locator('[data-testid=layer-card][data-layer-type=Conv2D]').nth(1).getByTestId('remove-layer').click();
  await expect(page.getByTestId('summary-row')).toHaveCount(5);
  await page.getByRole('button', { name: 'Undo' }).first().click();
  await expect(page.getByTestId('summary-row')).toHaveCount(6);
  await expect(page.getByTestId('layer-undo-bar')).toHaveCount(0);

  // The notice goes once another edit replaces the removal: its Undo would take back that edit instead.
  await page.locator('[data-testid=layer-card][data-layer-type=Conv2D]').nth(1).getByTestId('remove-layer').click();
  await expect(page.getByTestId('layer-undo-bar')).toContainText('Removed conv2d_1.');
  await page.locator('[data-testid=layer-card][data-layer-type=Conv2D] [data-testid=duplicate-layer]').click();
  await expect(page.getByTestId('summary-row')).toHaveCount(6);
  await expect(page.getByTestId('layer-undo-bar')).toHaveCount(0);
});

test('an impossible architecture shows arch-error naming the layer and a fix', async ({ page }) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mnist-convnet');
  await page.getByTestId('input-height').fill('12');
  await page.getByTestId('input-width').fill('12');
  const error = page.getByTestId('arch-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('conv2d_2');
  await expect(error).toContainText('kernel does not fit');
  await expect(page.locator('[data-testid=summary-row][data-layer-name=conv2d_2]')).toHaveClass(/row-error/);
  await page.getByTestId('input-height').fill('28');
  await page.getByTestId('input-width').fill('28');
  await expect(error).toHaveCount(0);

  // Dense right after the convolutions, without Flatten.
  await page.locator('[data-testid=layer-card][data-layer-type=Flatten] [data-testid=remove-layer]').click();
  await expect(error).toContainText('not one vector of class scores');
  await expect(error).toContainText('Flatten or GlobalAveragePooling2D');
  await expect(page.getByTestId('layer-warning')).toContainText('acts on the last axis');
  // A last layer that does not fit the 10 classes.
  await page.getByRole('button', { name: 'Undo' }).first().click();
  await page.locator('[data-testid=layer-card][data-layer-type=Dense]').getByTestId('param-units').fill('3');
  await expect(error).toContainText('task has 10 classes');
});

test('the stack survives a page reload', async ({ page }) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('catsdogs-augmented');
  await page.getByTestId('add-layer-type').selectOption('BatchNormalization');
  await page.getByTestId('add-layer-position').selectOption('5');
  await page.getByTestId('add-layer-button').click();
  const before = await summaryRows(page);
  expect(before).toHaveLength(17);
  await page.reload();
  await expect(page.getByTestId('summary-row')).toHaveCount(17);
  expect(await summaryRows(page)).toEqual(before);
  await expect(page.getByTestId('input-height')).toHaveValue('180');
});

test('sections are reachable by keyboard and explain what is coming', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('nav-model').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('nav-train')).toBeFocused();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-selected', 'true');
  // The keyboard focus is drawn on the open tab too (its own shadow used to hide the ring).
  await expect(page.getByTestId('nav-train')).toHaveCSS('outline-style', 'solid');
  await expect(page.getByTestId('nav-train')).toHaveCSS('outline-width', '2px');
  for (const s of ['data', 'model', 'train', 'inspect', 'runs']) {
    await page.getByTestId(`nav-${s}`).click();
    await expect(page.getByRole('tabpanel')).toBeVisible();
  }
});
