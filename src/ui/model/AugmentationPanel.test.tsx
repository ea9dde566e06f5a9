// @vitest-environment happy-dom
// What the Model section's augmentation panel says in each case, read as a DOM before any effect runs; clicks
// and live samples are in e2e/augmentation.spec.ts.
import { describe, expect, it } from 'vitest';
import { allByTestId, byTestId, renderMarkup } from '../dom-test-helpers';
import { AugmentationPanelBody, type AugmentationPanelBodyProps } from './AugmentationPanel';
import { findPreset } from '../../model/presets';

const image = { pixels: new Uint8Array(4 * 4 * 3), height: 4, width: 4, channels: 3 };
const never = () => new Promise<Uint8Array[]>(() => {});
const count = (view: HTMLElement, testId: string) => allByTestId(view, testId).length;
const render = (over: Partial<AugmentationPanelBodyProps>) =>
  renderMarkup(
    <AugmentationPanelBody
      arch={findPreset('catsdogs-augmented')!.build()}
      source={{ image, caption: 'the first training image ("cat")' }}
      dataLoading={false}
      seed={1}
      augment={never}
      onAddTextbook={() => {}}
      onGoToData={() => {}}
      {...over}
    />,
  );

describe('AugmentationPanelBody', () => {
  it('with data and leading augmentation layers: nine samples of the named source, a re-roll and a switch per layer', () => {
    const view = render({});
    expect(view.textContent).toContain('Source: the first training image ("cat").');
    expect(count(view, 'augmentation-sample')).toBe(9);
    expect(count(view, 'augmentation-reroll')).toBe(1);
    expect(count(view, 'augmentation-toggle')).toBe(3);
  });

  it('without leading augmentation layers: says how to add them, with the one-step button, and shows no samples', () => {
    const view = render({ arch: findPreset('mnist-convnet')!.build() });
    expect(view.textContent).toContain('no augmentation layer at the top');
    const add = byTestId(view, 'augmentation-add-textbook');
    expect(add.tagName).toBe('BUTTON');
    expect(add.textContent).toMatch(/^Add the textbook's RandomFlip, RandomRotation and RandomZoom/);
    expect(count(view, 'augmentation-sample')).toBe(0);
  });

  it('without a dataset: asks for data with a button to Data; while one loads, says so instead', () => {
    const view = render({ source: null });
    expect(view.textContent).toContain('Load data to preview on your own images.');
    expect(count(view, 'augmentation-go-data')).toBe(1);
    expect(count(view, 'augmentation-sample')).toBe(0);
    const loading = render({ source: null, dataLoading: true });
    expect(loading.textContent).toContain('The dataset is loading');
    expect(count(loading, 'augmentation-go-data')).toBe(0);
  });
});
