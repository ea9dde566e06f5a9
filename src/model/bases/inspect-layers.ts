// The layers Inspect lists for a model: the summary's rows, a pretrained base standing for its own layers by
// their Keras names and classes (block1_conv1 (Conv2D), ...; Conv1, ..., out_relu), as the worker answers them.
import { inferSummary } from '../infer';
import type { Architecture } from '../layers';
import { baseLayers } from './spec';
import { baseRef } from './summary';

export interface InspectLayer {
  name: string;
  /** Keras' class name (Conv2D, DepthwiseConv2D, ...). */
  type: string;
  /** A layer of a pretrained base (its kernels are in the checkpoint, not in the epoch snapshots). */
  inBase: boolean;
}

export function inspectLayers(arch: Architecture): InspectLayer[] {
  const { height, width } = arch.input;
  return inferSummary(arch).rows.flatMap((r, i): InspectLayer[] => {
    const layer = arch.layers[i]!;
    if (layer.type !== 'Base') return [{ name: r.name, type: r.type, inBase: false }];
    if (layer.base === 'tfjs')
      return (layer.tfjs.model?.layers ?? []).map((l) => ({ name: l.name, type: l.className, inBase: true }));
    return baseLayers(baseRef(layer), height, width)
      .slice(1)
      .map((l) => ({ name: l.name, type: l.op.kind, inBase: true }));
  });
}
