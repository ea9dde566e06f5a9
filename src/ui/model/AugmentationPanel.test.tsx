// What the Model section's augmentation panel says in each case. No DOM in
// unit tests: markup through react-dom/server; clicks and live samples are in
// e2e/augmentation.spec.ts.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { AugmentationPanelBody, type AugmentationPanelBodyProps } from './AugmentationPanel';
import { findPreset } from '../../model/presets';

const image = { pixels: new Uint8Array(4 * 4 * 3), height: 4, width: 4, channels: 3 };
const never = () => new Promise<Uint8Array[]>(() => {});
const count = (html: string, needle: string) => html.split(needle).length - 1;
const render = (over: Partial<AugmentationPanelBodyProps>) =>
  renderToStaticMarkup(
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
    const html = render({});
    expect(html).toContain('Source: the first training image (&quot;cat&quot;).');
    expect(count(html, 'data-testid="augmentation-sample"')).toBe(9);
    expect(count(html, 'data-testid="augmentation-reroll"')).toBe(1);
    expect(count(html, 'data-testid="augmentation-toggle"')).toBe(3);
  });

  it('without leading augmentation layers: says how to add them, with the one-step button, and shows no samples', () => {
    const html = render({ arch: findPreset('mnist-convnet')!.build() });
    expect(html).toContain('no augmentation layer at the top');
    expect(html).toMatch(
      /data-testid="augmentation-add-textbook"[^>]*>Add the textbook&#x27;s RandomFlip, RandomRotation and RandomZoom/,
    );
    expect(count(html, 'data-testid="augmentation-sample"')).toBe(0);
  });

  it('without a dataset: asks for data with a button to Data; while one loads, says so instead', () => {
    const html = render({ source: null });
    expect(html).toContain('Load data to preview on your own images.');
    expect(count(html, 'data-testid="augmentation-go-data"')).toBe(1);
    expect(count(html, 'data-testid="augmentation-sample"')).toBe(0);
    const loading = render({ source: null, dataLoading: true });
    expect(loading).toContain('The dataset is loading');
    expect(count(loading, 'data-testid="augmentation-go-data"')).toBe(0);
  });
});
