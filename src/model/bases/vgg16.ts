// VGG16 as keras.applications.VGG16(include_top=False, pooling=None) builds it (keras/src/applications/vgg16.py).
import { GraphBuilder } from './ops';
import type { BaseLayer } from './types';

/** Filters and convolutions per block: 2, 2, 3, 3, 3 convolutions of 64 .. 512 filters. */
const BLOCKS: readonly [number, number][] = [
  [64, 2],
  [128, 2],
  [256, 3],
  [512, 3],
  [512, 3],
];

export function vgg16Layers(height: number, width: number): BaseLayer[] {
  const g = new GraphBuilder([height, width, 3]);
  BLOCKS.forEach(([filters, convs], b) => {
    for (let i = 1; i <= convs; i++) {
      g.add(`block${b + 1}_conv${i}`, {
        kind: 'Conv2D',
        filters,
        kernel: 3,
        strides: 1,
        padding: 'same',
        useBias: true,
        activation: 'relu',
      });
    }
    g.add(`block${b + 1}_pool`, { kind: 'MaxPooling2D', pool: 2, strides: 2 });
  });
  return g.layers;
}
