// Fast feature extraction, the textbook's first way: the frozen base runs once over every image, its features
// are kept, and only the layers after it train, on those features. This is the pure half: which models can
// take that way, the head as a model of its own on the features, and what the features cost to keep.
import { inferSummary } from '../infer';
import { isAugmentation, type Architecture, type LayerSpec, type PretrainedBaseLayer } from '../layers';

export interface FeaturePlan {
  /** The base (frozen) with the layers before it (Rescaling only: augmentation rules the way out). */
  before: LayerSpec[];
  base: LayerSpec & PretrainedBaseLayer;
  /** The layers after the base as a model of their own, whose input is one image's features. */
  head: Architecture;
  /** [height, width, channels] of one image's features. */
  featureShape: [number, number, number];
  /** float32 bytes of one image's features (VGG16 at 180x180: 5 x 5 x 512 x 4 = 51,200). */
  bytesPerImage: number;
}

/** Why a model cannot be trained on precomputed features, in words a student reads, or the plan. */
export function featurePlan(arch: Architecture): FeaturePlan | { problem: string } {
  const at = arch.layers.findIndex((l) => l.type === 'Base');
  if (at < 0) return { problem: 'The model has no pretrained base: there are no features to compute once.' };
  const base = arch.layers[at] as LayerSpec & PretrainedBaseLayer;
  const before = arch.layers.slice(0, at);
  if (before.some((l) => isAugmentation(l.type)))
    return {
      problem:
        'Fast feature extraction cannot use augmentation: each image goes through the base once and its features are kept, so every epoch would see the very same features. Train with the base inside the model (vgg16-feature-extraction-augmented) to augment.',
    };
  if (base.fineTuneFrom !== null)
    return {
      problem: `The base trains from ${base.fineTuneFrom} on: its features change at every step, so they cannot be computed once. Fine-tune with the base inside the model.`,
    };
  const summary = inferSummary(arch);
  const shape = summary.rows[at]?.outputShape;
  if (!summary.valid || !shape || shape.length !== 3)
    return { problem: `The model is not valid yet${summary.issues[0] ? `: ${summary.issues[0].message}` : '.'}` };
  const [h, w, c] = shape as [number, number, number];
  return {
    before,
    base,
    head: {
      input: { height: h, width: w, channels: c },
      layers: arch.layers.slice(at + 1),
      numClasses: arch.numClasses,
    },
    featureShape: [h, w, c],
    bytesPerImage: h * w * c * 4,
  };
}
