// @vitest-environment happy-dom
// Sample-data render checks: each view puts its contract test ids and plain data-* numbers on the elements,
// read back as a DOM. Canvas drawing runs in effects, which the browser e2e covers.
import { describe, expect, test } from 'vitest';
import { ConvExplainer } from './ConvExplainer';
import { PoolExplainer } from './PoolExplainer';
import { KernelGrid } from './KernelGrid';
import { FeatureMaps } from './FeatureMaps';
import { ConfusionMatrix } from './ConfusionMatrix';
import { Prediction } from './Prediction';
import { explainConv } from '../../model/explain-conv';
import type { ImageDataset } from '../../data/types';
import type { ConfusionResult, ConvExplainData, KernelSet, LayerActivation, PoolExplainData } from '../../client/types';
import { attrOf, byTestId, renderMarkup } from '../dom-test-helpers';

describe('inspect views render their contract ids', () => {
  test("ConvExplainer shows position (0, 0) with the layer's value, and each channel of a (3, 3, 2) kernel", () => {
    const geometry = {
      inHeight: 4,
      inWidth: 4,
      inChannels: 2,
      kernelSize: [3, 3] as [number, number],
      strides: [1, 1] as [number, number],
      padding: 'valid' as const,
    };
    const input = Float32Array.from({ length: 32 }, (_, i) => i / 10);
    const kernel = Float32Array.from({ length: 18 }, (_, i) => (i % 3) - 1);
    const output = Float32Array.from(
      { length: 4 },
      (_, i) => explainConv(input, geometry, kernel, 0.1, 'relu', Math.floor(i / 2), i % 2).output!,
    );
    const data: ConvExplainData = {
      layer: 'conv2d_1',
      filter: 0,
      filters: 8,
      geometry,
      activation: 'relu',
      input,
      kernel,
      bias: 0.1,
      outHeight: 2,
      outWidth: 2,
      output,
    };
    const view = renderMarkup(<ConvExplainer data={data} />);
    expect(byTestId(view, 'conv-explainer')).toBeTruthy();
    expect(byTestId(view, 'explainer-step').tagName).toBe('BUTTON');
    expect(attrOf(view, 'explainer-output', 'data-value')).toEqual([String(output[0])]);
    expect(view.textContent).toContain('products, channel 0');
    expect(view.textContent).toContain('products, channel 1');
  });

  test('PoolExplainer names its output size and why', () => {
    const data: PoolExplainData = {
      layer: 'max_pooling2d',
      channel: 0,
      channels: 4,
      geometry: { inHeight: 4, inWidth: 4, poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
      reason: 'height: floor((4 - 2) / 2) + 1 = 2; width: floor((4 - 2) / 2) + 1 = 2',
      input: Float32Array.from({ length: 16 }, (_, i) => i),
      outHeight: 2,
      outWidth: 2,
      output: Float32Array.from([5, 7, 13, 15]),
    };
    const view = renderMarkup(<PoolExplainer data={data} />);
    expect(byTestId(view, 'pool-explainer')).toBeTruthy();
    expect(attrOf(view, 'pool-output', 'data-value')).toEqual(['5']);
    expect(view.textContent).toContain('floor((4 - 2) / 2) + 1 = 2');
  });

  test('KernelGrid: one kernel-cell per filter, numbered from 0', () => {
    const kernels: KernelSet = {
      layer: 'conv2d',
      kind: 'conv',
      count: 5,
      height: 3,
      width: 3,
      channels: 1,
      values: Float32Array.from({ length: 45 }, (_, i) => Math.sin(i)),
      bias: new Float32Array(5),
      min: -1,
      max: 1,
    };
    expect(attrOf(renderMarkup(<KernelGrid kernels={kernels} />), 'kernel-cell', 'data-filter')).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
    ]);
  });

  test('FeatureMaps labels the layer with its Keras name and shape before the page arrives', () => {
    const strip: LayerActivation[] = [
      {
        name: 'conv2d',
        className: 'Conv2D',
        shape: [null, 2, 2, 3],
        height: 2,
        width: 2,
        channels: 3,
        channelOffset: 0,
        returned: 1,
        values: new Float32Array(4),
        min: new Float32Array(1),
        max: new Float32Array(1),
        mean: new Float32Array(1),
      },
    ];
    const text = renderMarkup(
      <FeatureMaps strip={strip} layer="conv2d" loadPage={() => new Promise(() => {})} />,
    ).textContent;
    expect(text).toContain('conv2d');
    expect(text).toContain('(None, 2, 2, 3)');
    expect(text).toContain('Computing the feature maps');
  });

  test('ConfusionMatrix: n x n cells with their counts; Prediction: one row per class with its probability', () => {
    const result: ConfusionResult = {
      numClasses: 2,
      count: 5,
      matrix: Uint32Array.from([2, 1, 0, 2]),
      precision: [1, 2 / 3],
      recall: [2 / 3, 1],
      accuracy: 0.8,
      wrong: [{ index: 1, trueClass: 0, predicted: 1, confidence: 0.9 }],
      cells: [Uint32Array.from([0, 2]), Uint32Array.from([1]), new Uint32Array(0), Uint32Array.from([3, 4])],
    };
    const split = { images: new Uint8Array(5 * 4), labels: Uint16Array.from([0, 0, 0, 1, 1]), count: 5 };
    const dataset: ImageDataset = {
      id: 'd',
      name: 'd',
      source: 'builtin',
      classNames: ['cat', 'dog'],
      height: 2,
      width: 2,
      channels: 1,
      train: split,
      val: split,
      test: split,
    };
    const matrix = renderMarkup(
      <ConfusionMatrix result={result} classNames={['cat', 'dog']} dataset={dataset} split="test" />,
    );
    expect(attrOf(matrix, 'confusion-cell', 'data-count')).toEqual(['2', '1', '0', '2']);
    expect(attrOf(matrix, 'confusion-cell', 'data-pred')).toEqual(['0', '1', '0', '1']);
    const p = renderMarkup(
      <Prediction
        probabilities={Float32Array.from([0.25, 0.75])}
        classNames={['cat', 'dog']}
        image={{ pixels: new Uint8Array(4), height: 2, width: 2, channels: 1 }}
        saliency={{ method: 'saliency', classIndex: 1, height: 2, width: 2, values: Float32Array.from([0, 0.5, 1, 0]) }}
      />,
    );
    expect(attrOf(p, 'prediction-row', 'data-probability')).toEqual(['0.25', '0.75']);
    expect(byTestId(p, 'saliency-map')).toBeTruthy();
  });
});
