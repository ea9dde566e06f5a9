// Editing the Keras augmentation layers in the Model section: factors as one
// number or a "low, high" pair, fill_mode / fill_value, and the new layers in
// the summary with 0 parameters.
import { test, expect, openLab, summaryRows } from './fixtures';

test('augmentation factors, fill modes and the new layers in the editor', async ({ page }) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('catsdogs-augmented');
  const rotation = page.locator('[data-testid=layer-card][data-layer-type=RandomRotation]');

  // A pair, typed from the keyboard, commits and keeps the model valid.
  const factor = rotation.getByTestId('param-factor');
  await factor.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('-0.1, 0.2');
  await factor.press('Tab');
  await expect(factor).toHaveValue('-0.1, 0.2');
  await expect(page.getByTestId('arch-error')).toHaveCount(0);

  // Bounds in the wrong order: a clear message at the field, nothing committed.
  await factor.fill('0.2, -0.1');
  await expect(rotation.getByRole('alert')).toContainText('write the lower bound first');
  await factor.fill('0.15');
  await expect(rotation.getByRole('alert')).toHaveCount(0);

  // fill_value appears only with fill_mode "constant".
  await expect(rotation.getByTestId('param-fill_value')).toHaveCount(0);
  await rotation.getByTestId('param-fill_mode').selectOption('constant');
  await expect(rotation.getByTestId('param-fill_value')).toBeVisible();
  await rotation.getByTestId('param-fill_value').fill('128');
  await expect(page.getByTestId('arch-error')).toHaveCount(0);

  // The textbook's RandomZoom(0.2) leaves width_factor as None.
  const zoom = page.locator('[data-testid=layer-card][data-layer-type=RandomZoom]');
  await expect(zoom.getByTestId('param-height_factor')).toHaveValue('0.2');
  await expect(zoom.getByTestId('param-width_factor')).toHaveValue('');
  await expect(zoom.getByTestId('param-width_factor')).toHaveAttribute('placeholder', 'None');

  // The three new layers, added at the start: shape kept, no parameters, total unchanged.
  for (const type of ['RandomBrightness', 'RandomContrast', 'RandomTranslation']) {
    await page.getByTestId('add-layer-type').selectOption(type);
    await page.getByTestId('add-layer-position').selectOption('0');
    await page.getByTestId('add-layer-button').click();
  }
  const rows = await summaryRows(page);
  expect(rows.slice(0, 6)).toEqual(
    ['RandomTranslation', 'RandomContrast', 'RandomBrightness', 'RandomFlip', 'RandomRotation', 'RandomZoom'].map(
      (type) => ({ type, shape: 'None,180,180,3', params: 0 }),
    ),
  );
  await expect(page.getByTestId('summary-total-params')).toContainText('991,041');
  await expect(page.getByTestId('arch-error')).toHaveCount(0);
});
